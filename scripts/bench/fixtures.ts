import { randomBytes } from "node:crypto";
import { db } from "../../db";
import { users } from "../../db/schema";
import { systemRequestMeta } from "../../lib/api/request-context";
import { createPersonalWorkspace, memberContext, type WorkspaceContext } from "../../lib/workspaces/service";

export async function createOwnerForBench(): Promise<WorkspaceContext> {
  const [user] = await db().insert(users).values({ email: `bench-${randomBytes(4).toString("hex")}@example.test` }).returning();
  const workspace = await createPersonalWorkspace(user, systemRequestMeta());
  return memberContext(workspace.id, "owner", { type: "user", id: user.id, label: user.email }, systemRequestMeta());
}
