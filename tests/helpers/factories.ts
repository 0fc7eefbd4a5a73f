import { randomBytes } from "node:crypto";
import { db } from "@/db";
import { users } from "@/db/schema";
import type { Role } from "@/lib/auth/permissions";
import { contextFromMember, type RequestContext, type RequestMeta } from "@/lib/api/request-context";
import { createPersonalWorkspace } from "@/lib/workspaces/service";
import { API_SCOPES } from "@/lib/keys/scopes";
import { createApiKey } from "@/lib/keys/service";

export const testRequest = (): RequestMeta => ({ ip: "127.0.0.1", userAgent: "vitest", requestId: `req_${randomBytes(4).toString("hex")}` });

export async function createUser(email = `user-${randomBytes(4).toString("hex")}@example.test`) {
  const [user] = await db().insert(users).values({ email }).returning();
  return user;
}

/** A user with their personal workspace, and the context an owner acts with. */
export async function createOwner(email?: string) {
  const user = await createUser(email);
  const workspace = await createPersonalWorkspace(user, testRequest());
  const ctx = contextFromMember(workspace.id, "owner", { type: "user", id: user.id, label: user.email }, testRequest());
  return { user, workspace, ctx };
}

export function contextFor(workspaceId: string, user: { id: string; email: string }, role: Role): RequestContext {
  return contextFromMember(workspaceId, role, { type: "user", id: user.id, label: user.email }, testRequest());
}

/** An owner's workspace with an API key holding every scope, for tests that call the public API as a program would. */
export async function createOwnerWithKey() {
  const owner = await createOwner();
  const { key } = await createApiKey({ name: "all", scopes: [...API_SCOPES], ipAllowlist: "" }, owner.ctx);
  return { ...owner, key };
}
