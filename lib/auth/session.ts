import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { Actor } from "@/lib/audit/log";
import { auth } from "@/lib/auth/config";
import { can, type Permission } from "@/lib/auth/permissions";
import { requestMetaFromHeaders } from "@/lib/api/request-context";
import { findMembership, memberContext } from "@/lib/workspaces/service";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  image: string | null;
}

/** The signed-in user, or null. Cached per request: layouts and pages share one lookup. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  if (!session?.user?.id || !session.user.email) return null;
  return { id: session.user.id, email: session.user.email, name: session.user.name ?? null, image: session.user.image ?? null };
});

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}

export const userActor = (user: SessionUser): Actor & { type: "user" } => ({ type: "user", id: user.id, label: user.email });

/**
 * Resolves the workspace a dashboard page is about. A workspace the user is not a member of is a 404, so its existence
 * is not revealed. With a permission, a member whose role lacks it also gets a 404 page.
 */
export const requireWorkspace = cache(async (slug: string, permission?: Permission) => {
  const user = await requireUser();
  const membership = await findMembership(user.id, slug);
  if (!membership || (permission && !can(membership.role, permission))) notFound();
  const ctx = memberContext(membership.workspace.id, membership.role, userActor(user), requestMetaFromHeaders(await headers()));
  return { user, workspace: membership.workspace, role: membership.role, ctx };
});
