import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, devMailbox, invitations, memberships } from "@/db/schema";
import { AppError } from "@/lib/api/errors";
import { acceptInvitation, changeMemberRole, createWorkspace, inviteMember, listUserWorkspaces, removeMember, updateWorkspaceSettings } from "@/lib/workspaces/service";
import { contextFor, createOwner, createUser, testRequest } from "../helpers/factories";

const auditRows = (workspaceId: string) => db().select().from(auditLog).where(eq(auditLog.workspaceId, workspaceId));

async function invite(ctx: Parameters<typeof inviteMember>[1], email: string, role: "admin" | "developer" | "viewer" | "owner" = "developer") {
  return db().transaction((tx) => inviteMember({ email, role }, ctx, tx));
}

describe("workspaces", () => {
  it("a first sign-in gets a personal workspace it owns, audited once", async () => {
    const { user, workspace } = await createOwner("alice@example.test");
    expect(workspace.name).toBe("alice's workspace");
    expect(workspace.slug).toMatch(/^alice-s-workspace/);
    const list = await listUserWorkspaces(user.id);
    expect(list).toEqual([expect.objectContaining({ id: workspace.id, role: "owner" })]);
    const rows = await auditRows(workspace.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "workspace.create", actorId: user.id, ip: "127.0.0.1", userAgent: "vitest" });
  });

  it("creates more workspaces with unique slugs, personal first in the list", async () => {
    const { user } = await createOwner();
    const actor = { type: "user" as const, id: user.id, label: user.email };
    const a = await createWorkspace({ name: "Acme Prod" }, actor, testRequest());
    const b = await createWorkspace({ name: "Acme Prod" }, actor, testRequest());
    expect(a.slug).toBe("acme-prod");
    expect(b.slug).not.toBe(a.slug);
    const list = await listUserWorkspaces(user.id);
    expect(list.map((w) => w.personal)).toEqual([1, 0, 0]);
  });

  it("never takes a slug that an app route owns", async () => {
    const { user } = await createOwner();
    const workspace = await createWorkspace({ name: "API" }, { type: "user", id: user.id, label: user.email }, testRequest());
    expect(workspace.slug).toMatch(/^api-[0-9a-z]+$/);
  });

  it("rejects a too-short workspace name", async () => {
    const { user } = await createOwner();
    await expect(createWorkspace({ name: " x " }, { type: "user", id: user.id, label: user.email }, testRequest())).rejects.toThrow(/at least 2/);
  });

  it("invites by email with an expiring link that only the invitee can use, once", async () => {
    const { workspace, ctx } = await createOwner();
    const { url, invitation } = await invite(ctx, "Bob@Example.test");
    expect(invitation.email).toBe("bob@example.test");
    expect(invitation.expiresAt.getTime()).toBeGreaterThan(Date.now() + 71 * 3600_000);
    const token = url.split("/invite/")[1];
    // The token is not stored, only its hash.
    const [stored] = await db().select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(stored.tokenHash).not.toContain(token);
    const [mail] = await db().select().from(devMailbox).where(eq(devMailbox.to, "bob@example.test"));
    expect(mail.text).toContain(url);

    const mallory = await createUser("mallory@example.test");
    await expect(acceptInvitation(token, mallory, testRequest())).rejects.toMatchObject({ code: "forbidden" });

    const bob = await createUser("bob@example.test");
    const joined = await acceptInvitation(token, bob, testRequest());
    expect(joined.id).toBe(workspace.id);
    const [membership] = await db().select().from(memberships).where(and(eq(memberships.workspaceId, workspace.id), eq(memberships.userId, bob.id)));
    expect(membership.role).toBe("developer");
    await expect(acceptInvitation(token, bob, testRequest())).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses an expired invitation", async () => {
    const { ctx } = await createOwner();
    const { url, invitation } = await invite(ctx, "late@example.test");
    await db().update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, invitation.id));
    const late = await createUser("late@example.test");
    await expect(acceptInvitation(url.split("/invite/")[1], late, testRequest())).rejects.toThrow(/expired/);
  });

  it("admins cannot invite owners; inviting an existing member conflicts and writes no audit row", async () => {
    const { workspace, ctx, user } = await createOwner();
    const admin = contextFor(workspace.id, { id: "usr_x", email: "admin@example.test" }, "admin");
    await expect(invite(admin, "boss@example.test", "owner")).rejects.toMatchObject({ code: "forbidden" });
    const before = (await auditRows(workspace.id)).length;
    await expect(invite(ctx, user.email)).rejects.toMatchObject({ code: "conflict" });
    expect(await auditRows(workspace.id)).toHaveLength(before);
  });

  it("the last owner cannot leave, be removed or be demoted; with a second owner they can", async () => {
    const { workspace, ctx, user } = await createOwner();
    const tx = db();
    await expect(db().transaction((t) => removeMember({ userId: user.id }, ctx, t))).rejects.toThrow(/last owner/);
    await expect(db().transaction((t) => changeMemberRole({ userId: user.id, role: "admin" }, ctx, t))).rejects.toThrow(/last owner/);

    const second = await createUser();
    await tx.insert(memberships).values({ workspaceId: workspace.id, userId: second.id, role: "owner" });
    await db().transaction((t) => removeMember({ userId: user.id }, ctx, t));
    expect(await listUserWorkspaces(user.id)).toHaveLength(0);
  });

  it("an admin cannot remove an owner but can remove a developer", async () => {
    const { workspace } = await createOwner();
    const [adminUser, dev] = [await createUser(), await createUser()];
    await db().insert(memberships).values([
      { workspaceId: workspace.id, userId: adminUser.id, role: "admin" },
      { workspaceId: workspace.id, userId: dev.id, role: "developer" },
    ]);
    const adminCtx = contextFor(workspace.id, adminUser, "admin");
    const [owner] = await db().select().from(memberships).where(and(eq(memberships.workspaceId, workspace.id), eq(memberships.role, "owner")));
    await expect(db().transaction((t) => removeMember({ userId: owner.userId }, adminCtx, t))).rejects.toBeInstanceOf(AppError);
    await db().transaction((t) => removeMember({ userId: dev.id }, adminCtx, t));
    const left = await db().select().from(memberships).where(eq(memberships.workspaceId, workspace.id));
    expect(left.map((m) => m.userId).sort()).toEqual([adminUser.id, owner.userId].sort());
  });
});

// Drizzle wraps the database's error; the trigger's message is on the cause.
const appendOnly = { cause: expect.objectContaining({ message: expect.stringMatching(/append-only/) }) };

describe("audit trail", () => {
  it("a change writes exactly one row with before and after", async () => {
    const { workspace, ctx } = await createOwner();
    const before = (await auditRows(workspace.id)).length;
    await db().transaction((tx) => updateWorkspaceSettings({ name: "Renamed", apiRateLimitPerMinute: 100 }, ctx, tx));
    const rows = await auditRows(workspace.id);
    expect(rows).toHaveLength(before + 1);
    const row = rows.find((r) => r.action === "workspace.update")!;
    expect(row).toMatchObject({ before: { name: expect.stringContaining("workspace") }, after: { name: "Renamed", apiRateLimitPerMinute: 100 }, requestId: ctx.request.requestId });
  });

  it("a failed change writes none (same transaction)", async () => {
    const { workspace, ctx } = await createOwner();
    const before = (await auditRows(workspace.id)).length;
    await expect(
      db().transaction(async (tx) => {
        await updateWorkspaceSettings({ name: "Doomed", apiRateLimitPerMinute: 100 }, ctx, tx);
        throw new Error("later step failed");
      }),
    ).rejects.toThrow("later step failed");
    expect(await auditRows(workspace.id)).toHaveLength(before);
  });

  it("is append-only at the database", async () => {
    const { workspace } = await createOwner();
    await expect(db().update(auditLog).set({ action: "forged" }).where(eq(auditLog.workspaceId, workspace.id))).rejects.toMatchObject(appendOnly);
    await expect(db().delete(auditLog).where(eq(auditLog.workspaceId, workspace.id))).rejects.toMatchObject(appendOnly);
  });
});
