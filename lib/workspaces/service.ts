import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { invitations, memberships, users, workspaces } from "@/db/schema";
import { AppError, notFound, type RequestContext, type RequestMeta } from "@/lib/api";
import { type Actor, recordAudit } from "@/lib/audit";
import { canManageRole, type Permission, permissionsOf, type Role, ROLES } from "@/lib/auth";
import { env, linkEmail, sendEmail, toBase62 } from "@/lib/platform";

export const INVITATION_TTL_HOURS = 72;

export const workspaceNameSchema = z.string().trim().min(2, "Use at least 2 characters").max(60, "Use at most 60 characters");

function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return base || "workspace";
}

// Top-level paths of the app: a workspace slug equal to one would be shadowed by that route.
const RESERVED_SLUGS = new Set(["api", "in", "sign-in", "verify-request", "dev", "invite", "workspaces", "_next", "favicon.ico"]);

async function uniqueSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name);
  const [taken] = await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, base));
  return taken || RESERVED_SLUGS.has(base) ? `${base}-${toBase62(randomBytes(3)).toLowerCase()}` : base;
}

async function insertWorkspace(tx: Tx, input: { name: string; personal: boolean; ownerId: string }) {
  const [workspace] = await tx
    .insert(workspaces)
    .values({ name: input.name, slug: await uniqueSlug(tx, input.name), personal: input.personal ? 1 : 0 })
    .returning();
  await tx.insert(memberships).values({ workspaceId: workspace.id, userId: input.ownerId, role: "owner" });
  return workspace;
}

/** A first sign-in gets a personal workspace, named after the user. */
export async function createPersonalWorkspace(user: { id: string; email: string; name?: string | null }, request: RequestMeta, tx: Tx = db()) {
  const label = user.name || user.email.split("@")[0];
  return tx.transaction(async (t) => {
    const workspace = await insertWorkspace(t, { name: `${label}'s workspace`, personal: true, ownerId: user.id });
    await recordAudit(t, {
      workspaceId: workspace.id,
      actor: { type: "user", id: user.id, label: user.email },
      action: "workspace.create",
      target: { type: "workspace", id: workspace.id },
      after: { name: workspace.name, slug: workspace.slug, personal: true },
      request,
    });
    return workspace;
  });
}

export async function createWorkspace(input: { name: string }, actor: Actor & { type: "user" }, request: RequestMeta, tx: Tx = db()) {
  const name = workspaceNameSchema.parse(input.name);
  return tx.transaction(async (t) => {
    const workspace = await insertWorkspace(t, { name, personal: false, ownerId: actor.id });
    await recordAudit(t, {
      workspaceId: workspace.id,
      actor,
      action: "workspace.create",
      target: { type: "workspace", id: workspace.id },
      after: { name: workspace.name, slug: workspace.slug },
      request,
    });
    return workspace;
  });
}

export const workspaceSettingsSchema = z.object({
  name: workspaceNameSchema,
  apiRateLimitPerMinute: z.coerce
    .number()
    .int("Use a whole number")
    .min(1, "Allow at least 1 request a minute")
    .max(1_000_000, "At most 1,000,000 requests a minute"),
});

/** Name and per-key API rate limit. Keys pick up a new limit within their verification cache's few seconds. */
export async function updateWorkspaceSettings(input: z.input<typeof workspaceSettingsSchema>, ctx: RequestContext, tx: Tx) {
  const data = workspaceSettingsSchema.parse(input);
  const [before] = await tx.select().from(workspaces).where(eq(workspaces.id, ctx.workspaceId));
  const [after] = await tx.update(workspaces).set(data).where(eq(workspaces.id, ctx.workspaceId)).returning();
  await recordAudit(tx, {
    ...auditBase(ctx),
    action: "workspace.update",
    target: { type: "workspace", id: ctx.workspaceId },
    before: { name: before.name, apiRateLimitPerMinute: before.apiRateLimitPerMinute },
    after: { name: after.name, apiRateLimitPerMinute: after.apiRateLimitPerMinute },
  });
  return after;
}

export function listUserWorkspaces(userId: string) {
  return db()
    .select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug, role: memberships.role, personal: workspaces.personal })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(sql`${workspaces.personal} desc`, asc(workspaces.createdAt));
}

/** The user's membership in the workspace with this slug, or null (which callers turn into a 404, never a 403). */
export async function findMembership(userId: string, slug: string) {
  const [row] = await db()
    .select({ workspace: workspaces, role: memberships.role })
    .from(workspaces)
    .innerJoin(memberships, and(eq(memberships.workspaceId, workspaces.id), eq(memberships.userId, userId)))
    .where(eq(workspaces.slug, slug));
  return row ?? null;
}

/** Whether the user is still a member whose current role has the permission (long-lived streams re-check this). */
export async function memberStillMay(workspaceId: string, userId: string, permission: Permission): Promise<boolean> {
  const [row] = await db()
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return row !== undefined && permissionsOf(row.role).has(permission);
}

export function listMembers(workspaceId: string) {
  return db()
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(memberships.createdAt));
}

export function listPendingInvitations(workspaceId: string) {
  return db()
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())))
    .orderBy(asc(invitations.createdAt));
}

const auditBase = (ctx: RequestContext) => ({ workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request });

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export const inviteSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  role: z.enum(ROLES),
});

/** Creates an invitation and mails its link. The link carries a random token; only its hash is stored. */
export async function inviteMember(input: z.input<typeof inviteSchema>, ctx: RequestContext, tx: Tx) {
  const { email, role } = inviteSchema.parse(input);
  if (!canManageRole(ctx.permissions, role)) throw new AppError("forbidden", `Your role cannot invite an ${role}.`);
  const [existing] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(users.email, email)));
  if (existing) throw new AppError("conflict", `${email} is already a member of this workspace.`);

  const token = toBase62(randomBytes(24));
  const expiresAt = new Date(Date.now() + INVITATION_TTL_HOURS * 3600_000);
  const [invitation] = await tx
    .insert(invitations)
    .values({ workspaceId: ctx.workspaceId, email, role, tokenHash: hashToken(token), invitedBy: ctx.actor.id, expiresAt })
    .returning();
  const [workspace] = await tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, ctx.workspaceId));
  await recordAudit(tx, { ...auditBase(ctx), action: "member.invite", target: { type: "invitation", id: invitation.id }, after: { email, role, expiresAt } });

  const url = `${env().APP_URL}/invite/${token}`;
  await sendEmail({
    to: email,
    subject: `You are invited to ${workspace.name} on Switchboard`,
    ...linkEmail({
      heading: `Join ${workspace.name}`,
      intro: `${ctx.actor.label} invited you to the ${workspace.name} workspace on Switchboard as ${role}.`,
      url,
      cta: "Accept invitation",
      footer: `The link expires in ${INVITATION_TTL_HOURS} hours. If you did not expect it, ignore this mail.`,
    }),
  });
  return { invitation, url };
}

export async function findInvitation(token: string) {
  const [row] = await db()
    .select({ invitation: invitations, workspaceName: workspaces.name, workspaceSlug: workspaces.slug })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(eq(invitations.tokenHash, hashToken(token)));
  return row ?? null;
}

/** Accepting needs the invited address: a forwarded link does not let someone else in. */
export async function acceptInvitation(token: string, user: { id: string; email: string }, request: RequestMeta) {
  return db().transaction(async (tx) => {
    const [invitation] = await tx.select().from(invitations).where(eq(invitations.tokenHash, hashToken(token))).for("update");
    if (!invitation || invitation.revokedAt) throw notFound("This invitation");
    if (invitation.acceptedAt) throw new AppError("conflict", "This invitation was already used.");
    if (invitation.expiresAt < new Date()) throw new AppError("conflict", "This invitation has expired. Ask for a new one.");
    if (invitation.email !== user.email.toLowerCase()) {
      throw new AppError("forbidden", `This invitation is for ${invitation.email}. Sign in with that address to accept it.`);
    }
    await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, invitation.id));
    await tx.insert(memberships).values({ workspaceId: invitation.workspaceId, userId: user.id, role: invitation.role }).onConflictDoNothing();
    await recordAudit(tx, {
      workspaceId: invitation.workspaceId,
      actor: { type: "user", id: user.id, label: user.email },
      action: "member.join",
      target: { type: "user", id: user.id },
      after: { email: user.email, role: invitation.role },
      request,
    });
    const [workspace] = await tx.select().from(workspaces).where(eq(workspaces.id, invitation.workspaceId));
    return workspace;
  });
}

export async function revokeInvitation(input: { invitationId: string }, ctx: RequestContext, tx: Tx) {
  const [invitation] = await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.id, input.invitationId), eq(invitations.workspaceId, ctx.workspaceId), isNull(invitations.acceptedAt)))
    .returning();
  if (!invitation) throw notFound("The invitation");
  await recordAudit(tx, { ...auditBase(ctx), action: "member.invite_revoke", target: { type: "invitation", id: invitation.id }, before: { email: invitation.email, role: invitation.role } });
}

async function lockedMembers(tx: Tx, workspaceId: string) {
  // Locking the workspace's memberships serialises concurrent removals, so two owners cannot both leave at once.
  return tx.select().from(memberships).where(eq(memberships.workspaceId, workspaceId)).for("update");
}

/** Removes a member (or lets a member leave). The last owner can never go: a workspace always has an owner. */
export async function removeMember(input: { userId: string }, ctx: RequestContext, tx: Tx) {
  const members = await lockedMembers(tx, ctx.workspaceId);
  const member = members.find((m) => m.userId === input.userId);
  if (!member) throw notFound("The member");
  const leaving = input.userId === ctx.actor.id;
  if (!leaving && !canManageRole(ctx.permissions, member.role)) throw new AppError("forbidden", `Your role cannot remove an ${member.role}.`);
  if (member.role === "owner" && members.filter((m) => m.role === "owner").length === 1) {
    throw new AppError("conflict", "The last owner cannot leave or be removed. Make another member an owner first.");
  }
  await tx.delete(memberships).where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, input.userId)));
  await recordAudit(tx, { ...auditBase(ctx), action: leaving ? "member.leave" : "member.remove", target: { type: "user", id: input.userId }, before: { role: member.role } });
}

export async function changeMemberRole(input: { userId: string; role: Role }, ctx: RequestContext, tx: Tx) {
  const members = await lockedMembers(tx, ctx.workspaceId);
  const member = members.find((m) => m.userId === input.userId);
  if (!member) throw notFound("The member");
  if (!canManageRole(ctx.permissions, member.role) || !canManageRole(ctx.permissions, input.role)) {
    throw new AppError("forbidden", "Your role cannot make this change.");
  }
  if (member.role === "owner" && input.role !== "owner" && members.filter((m) => m.role === "owner").length === 1) {
    throw new AppError("conflict", "The last owner cannot be demoted. Make another member an owner first.");
  }
  await tx.update(memberships).set({ role: input.role }).where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, input.userId)));
  await recordAudit(tx, { ...auditBase(ctx), action: "member.role_change", target: { type: "user", id: input.userId }, before: { role: member.role }, after: { role: input.role } });
}
