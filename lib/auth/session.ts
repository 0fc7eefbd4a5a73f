import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { Actor } from "@/lib/audit";
import { auth } from "@/lib/auth/config";
import type { Permission } from "@/lib/auth/permissions";
import { AppError, memberContextForSlug, requestMetaFromHeaders } from "@/lib/api";

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
 * The page guard: resolves the workspace a dashboard page (or session-authenticated route) is about, through the same
 * membership and permission check as the server actions. A workspace the user is not a member of is a 404, so its
 * existence is not revealed; with a permission, a member whose role lacks it also gets the 404 page.
 */
export const requireWorkspace = cache(async (slug: string, permission?: Permission) => {
  const user = await requireUser();
  try {
    return { user, ...(await memberContextForSlug(userActor(user), slug, permission, requestMetaFromHeaders(await headers()))) };
  } catch (error) {
    if (error instanceof AppError && (error.code === "not_found" || error.code === "forbidden")) notFound();
    throw error;
  }
});
