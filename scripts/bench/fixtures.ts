import { randomBytes } from "node:crypto";
import { db } from "../../db";
import { users } from "../../db/schema";
import { contextFromMember, systemRequestMeta, type RequestContext } from "../../lib/api/request-context";
import { createPersonalWorkspace } from "../../lib/workspaces/service";

export async function createOwnerForBench(): Promise<RequestContext> {
  const [user] = await db().insert(users).values({ email: `bench-${randomBytes(4).toString("hex")}@example.test` }).returning();
  const workspace = await createPersonalWorkspace(user, systemRequestMeta());
  return contextFromMember(workspace.id, "owner", { type: "user", id: user.id, label: user.email }, systemRequestMeta());
}
