import { and, desc, eq, gt, gte, inArray, isNull, lte, or } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { apiKeyRotations, apiKeys, apiKeyUsageDaily, memberships, users, workspaces } from "@/db/schema";
import { AppError, notFound, type RequestContext, systemContext } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { decryptSecret, encryptSecret, env, linkEmail, sendEmail } from "@/lib/platform";
import { generateApiKey, type KeyEnvironment } from "@/lib/keys/format";
import { permissionsOf } from "@/lib/auth";
import { API_SCOPES, APPLICATION_KEY_SCOPES, scopesBeyond, type ApiScope } from "@/lib/keys/scopes";
import { notifyKeyChanged } from "@/lib/keys/verify";
import { parseCidrList } from "@/lib/net";
import type { Id } from "@/lib/platform/id-types";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
export const MIN_OVERLAP_HOURS = 1;
export const MAX_OVERLAP_HOURS = 30 * 24;

// Form fields arrive as one string; the API sends arrays. Both become a clean list.
const list = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[\s,]+/) : v ?? []),
  z.array(z.string().trim()).transform((a) => a.filter(Boolean)),
);

const optionalInt = (min: number, max: number, label: string) =>
  z.preprocess(
    (v) => (v === "" || v === null || v === undefined || v === "none" ? undefined : v),
    z.coerce.number().int(`${label} must be a whole number`).min(min, `${label} must be at least ${min}`).max(max, `${label} must be at most ${max}`).optional(),
  );

const ipAllowlist = list.superRefine((entries, ctx) => {
  const parsed = parseCidrList(entries);
  if (!parsed.ok) ctx.addIssue({ code: "custom", message: `Not an IP address or CIDR range: ${parsed.invalid.join(", ")}` });
});

const overlapHours = z.coerce
  .number()
  .int()
  .min(MIN_OVERLAP_HOURS, "The overlap must be at least 1 hour")
  .max(MAX_OVERLAP_HOURS, "The overlap can be at most 30 days");

export const createKeySchema = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100),
  environment: z.enum(["live", "test"]).default("live"),
  scopes: z.preprocess((v) => (typeof v === "string" ? [v] : v ?? []), z.array(z.enum(API_SCOPES)).min(1, "Pick at least one scope")),
  expiresInDays: optionalInt(1, 3650, "Expiry"),
  ipAllowlist,
  rotationPolicyDays: optionalInt(1, 365, "Rotation period"),
  rotationOverlapHours: overlapHours.default(24),
  /** Limits the key to this application (id or uid, resolved by findApplication): it sees and changes that application's objects only. */
  application: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().trim().min(1).max(256).optional()),
});
export type CreateKeyInput = z.input<typeof createKeySchema>;

export const rollKeySchema = z.object({ keyId: z.string().min(1), overlapHours: overlapHours.default(24) });
export const rotationPolicySchema = z.object({
  keyId: z.string().min(1),
  rotationPolicyDays: optionalInt(1, 365, "Rotation period"),
  rotationOverlapHours: overlapHours.default(24),
});

type ApiKeyRow = typeof apiKeys.$inferSelect;

/** What leaves this module about a key: never its hash, never a pending secret. */
export function publicKey(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    start: row.start,
    environment: row.environment,
    scopes: row.scopes,
    applicationId: row.applicationId,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    ipAllowlist: row.ipAllowlist,
    rotationPolicyDays: row.rotationPolicyDays,
    rotationOverlapHours: row.rotationOverlapHours,
    nextRotationAt: row.nextRotationAt,
    rotatedFrom: row.rotatedFrom,
    awaitingReveal: row.pendingReveal !== null,
    createdAt: row.createdAt,
  };
}
export type PublicApiKey = ReturnType<typeof publicKey>;

const auditView = (row: ApiKeyRow) => {
  const { id: _id, createdAt: _c, lastUsedAt: _l, awaitingReveal: _a, ...rest } = publicKey(row);
  return rest;
};

async function insertKey(
  tx: Tx,
  values: { workspaceId: string; applicationId: Id<"app"> | null; name: string; environment: KeyEnvironment; scopes: string[]; expiresAt: Date | null; ipAllowlist: string[];
    rotationPolicyDays: number | null; rotationOverlapHours: number; rotatedFrom?: string; createdBy: string | null; keepForReveal?: boolean },
  now: Date,
) {
  const { key, start, hash } = generateApiKey(values.environment);
  const [row] = await tx
    .insert(apiKeys)
    .values({
      ...values,
      start,
      hash,
      nextRotationAt: values.rotationPolicyDays ? new Date(now.getTime() + values.rotationPolicyDays * DAY) : null,
      pendingReveal: values.keepForReveal ? encryptSecret(key) : null,
    })
    .returning();
  return { key, row };
}

/** A key never carries more power than whoever makes it: each scope must be a permission the actor holds. */
function assertMayGrant(scopes: readonly string[], ctx: RequestContext) {
  if (!ctx.permissions.has("keys:write")) throw new AppError("forbidden", "Your role cannot create API keys.");
  const beyond = scopesBeyond(scopes as ApiScope[], ctx.permissions);
  if (beyond.length > 0) throw new AppError("forbidden", `Your role cannot grant ${beyond.join(", ")}; a key's scopes are limited to what you may do yourself.`);
}

/**
 * Creates a key and returns it in full, the only time it is ever available. A maker limited to one application makes
 * keys limited to it (naming another is "not found", as everywhere for such a maker).
 */
export async function createApiKey(input: CreateKeyInput, ctx: RequestContext, tx: Tx = db()) {
  const data = createKeySchema.parse(input);
  assertMayGrant(data.scopes, ctx);
  const limitTo = data.application ?? ctx.applicationId;
  // Loaded on use: lib/api loads this domain, and applications (through outbound) load lib/api back, so importing
  // them when this module loads would hand some of them half-initialised modules.
  const application = limitTo ? await (await import("@/lib/applications")).findApplication(tx, ctx, limitTo) : null;
  const beyond = application ? data.scopes.filter((scope) => !(APPLICATION_KEY_SCOPES as readonly string[]).includes(scope)) : [];
  if (beyond.length > 0) {
    throw new z.ZodRealError([{ code: "custom", path: ["scopes"], message: `A key limited to one application cannot hold ${beyond.join(", ")}: those belong to the whole workspace`, input: data.scopes }]);
  }
  const now = new Date();
  const { key, row } = await insertKey(
    tx,
    {
      workspaceId: ctx.workspaceId,
      applicationId: application?.id ?? null,
      name: data.name,
      environment: data.environment,
      scopes: data.scopes,
      expiresAt: data.expiresInDays ? new Date(now.getTime() + data.expiresInDays * DAY) : null,
      ipAllowlist: data.ipAllowlist,
      rotationPolicyDays: data.rotationPolicyDays ?? null,
      rotationOverlapHours: data.rotationOverlapHours,
      createdBy: ctx.actor.type === "user" ? ctx.actor.id : null,
    },
    now,
  );
  await recordAudit(tx, { workspaceId: ctx.workspaceId, actor: ctx.actor, action: "api_key.create", target: { type: "api_key", id: row.id }, after: auditView(row), request: ctx.request });
  return { key, apiKey: publicKey(row) };
}

async function lockKey(tx: Tx, workspaceId: string, keyId: string) {
  const [row] = await tx.select().from(apiKeys).where(and(eq(apiKeys.id, keyId), eq(apiKeys.workspaceId, workspaceId))).for("update");
  if (!row) throw notFound("The API key");
  return row;
}

export async function revokeApiKey(input: { keyId: string }, ctx: RequestContext, tx: Tx = db()) {
  const before = await lockKey(tx, ctx.workspaceId, input.keyId);
  if (before.revokedAt) throw new AppError("conflict", "This key is already revoked.");
  const [row] = await tx.update(apiKeys).set({ revokedAt: new Date(), pendingReveal: null, nextRotationAt: null }).where(eq(apiKeys.id, before.id)).returning();
  await notifyKeyChanged(tx, row.hash);
  await recordAudit(tx, { workspaceId: ctx.workspaceId, actor: ctx.actor, action: "api_key.revoke", target: { type: "api_key", id: row.id }, before: auditView(before), after: auditView(row), request: ctx.request });
  return publicKey(row);
}

function assertUsable(row: ApiKeyRow, now: Date) {
  if (row.revokedAt) throw new AppError("conflict", "A revoked key cannot be rolled.");
  if (row.expiresAt && row.expiresAt <= now) throw new AppError("conflict", "An expired key cannot be rolled.");
}

async function roll(row: ApiKeyRow, scopes: string[], overlapHours: number, reason: "manual" | "scheduled", ctx: RequestContext, tx: Tx, now: Date) {
  const { actor } = ctx;
  assertUsable(row, now);
  const overlapEnd = new Date(now.getTime() + overlapHours * HOUR);
  const oldExpiresAt = row.expiresAt && row.expiresAt < overlapEnd ? row.expiresAt : overlapEnd;
  const { key, row: fresh } = await insertKey(
    tx,
    {
      workspaceId: row.workspaceId,
      applicationId: row.applicationId,
      name: row.name,
      environment: row.environment,
      scopes,
      // A key that had an expiry keeps the same lifetime from now; one without stays without.
      expiresAt: row.expiresAt ? new Date(now.getTime() + (row.expiresAt.getTime() - row.createdAt.getTime())) : null,
      ipAllowlist: row.ipAllowlist,
      rotationPolicyDays: row.rotationPolicyDays,
      rotationOverlapHours: row.rotationOverlapHours,
      rotatedFrom: row.id,
      createdBy: actor.type === "user" ? actor.id : row.createdBy,
      keepForReveal: reason === "scheduled",
    },
    now,
  );
  const [old] = await tx.update(apiKeys).set({ expiresAt: oldExpiresAt, nextRotationAt: null }).where(eq(apiKeys.id, row.id)).returning();
  await tx.insert(apiKeyRotations).values({ workspaceId: row.workspaceId, oldKeyId: row.id, newKeyId: fresh.id, reason, actorLabel: actor.label, oldKeyExpiresAt: oldExpiresAt });
  await notifyKeyChanged(tx, row.hash);
  await recordAudit(tx, {
    workspaceId: row.workspaceId,
    actor,
    action: reason === "scheduled" ? "api_key.rotate" : "api_key.roll",
    target: { type: "api_key", id: row.id },
    before: { expiresAt: row.expiresAt },
    after: { expiresAt: oldExpiresAt, newKeyId: fresh.id, newKeyStart: fresh.start, overlapHours, ...(scopes.length < row.scopes.length ? { scopes } : {}) },
    request: ctx.request,
  });
  return { key, apiKey: publicKey(fresh), oldKey: publicKey(old) };
}

/** Replaces a key with a new one of the same settings; the old one keeps working for the overlap. */
export async function rollApiKey(input: z.input<typeof rollKeySchema>, ctx: RequestContext, tx: Tx = db()) {
  const { keyId, overlapHours } = rollKeySchema.parse(input);
  const row = await lockKey(tx, ctx.workspaceId, keyId);
  // Rolling makes a new key in the roller's name, so it is capped like a creation.
  assertMayGrant(row.scopes, ctx);
  return roll(row, row.scopes, overlapHours, "manual", ctx, tx, new Date());
}

export async function setRotationPolicy(input: z.input<typeof rotationPolicySchema>, ctx: RequestContext, tx: Tx = db()) {
  const data = rotationPolicySchema.parse(input);
  const before = await lockKey(tx, ctx.workspaceId, data.keyId);
  assertUsable(before, new Date());
  const days = data.rotationPolicyDays ?? null;
  const [row] = await tx
    .update(apiKeys)
    .set({ rotationPolicyDays: days, rotationOverlapHours: data.rotationOverlapHours, nextRotationAt: days ? new Date(Date.now() + days * DAY) : null })
    .where(eq(apiKeys.id, before.id))
    .returning();
  await recordAudit(tx, { workspaceId: ctx.workspaceId, actor: ctx.actor, action: "api_key.rotation_policy", target: { type: "api_key", id: row.id },
    before: { rotationPolicyDays: before.rotationPolicyDays, rotationOverlapHours: before.rotationOverlapHours },
    after: { rotationPolicyDays: row.rotationPolicyDays, rotationOverlapHours: row.rotationOverlapHours }, request: ctx.request });
  return publicKey(row);
}

/** Shows a key made by scheduled rotation, once: the stored copy is wiped in the same transaction. */
export async function revealRotatedKey(input: { keyId: string }, ctx: RequestContext, tx: Tx = db()) {
  const row = await lockKey(tx, ctx.workspaceId, input.keyId);
  if (!row.pendingReveal) throw new AppError("conflict", "This key was already revealed, or was never stored for revealing.");
  await tx.update(apiKeys).set({ pendingReveal: null }).where(eq(apiKeys.id, row.id));
  await recordAudit(tx, { workspaceId: ctx.workspaceId, actor: ctx.actor, action: "api_key.reveal", target: { type: "api_key", id: row.id }, request: ctx.request });
  return { key: decryptSecret(row.pendingReveal), apiKey: publicKey({ ...row, pendingReveal: null }) };
}

export async function listApiKeys(workspaceId: string) {
  const rows = await db().select().from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId)).orderBy(desc(apiKeys.createdAt));
  return rows.map(publicKey);
}

/** Per-key daily request counts for the last `days` days (oldest first, zero-filled), for sparklines. */
export async function keyUsage(workspaceId: string, days = 14) {
  const since = new Date(Date.now() - (days - 1) * DAY).toISOString().slice(0, 10);
  const rows = await db()
    .select({ keyId: apiKeyUsageDaily.keyId, day: apiKeyUsageDaily.day, count: apiKeyUsageDaily.count })
    .from(apiKeyUsageDaily)
    .innerJoin(apiKeys, eq(apiKeys.id, apiKeyUsageDaily.keyId))
    .where(and(eq(apiKeys.workspaceId, workspaceId), gte(apiKeyUsageDaily.day, since)));
  const dayList = Array.from({ length: days }, (_, i) => new Date(Date.now() - (days - 1 - i) * DAY).toISOString().slice(0, 10));
  const byKey = new Map<string, number[]>();
  for (const r of rows) {
    const series = byKey.get(r.keyId) ?? byKey.set(r.keyId, new Array(days).fill(0)).get(r.keyId)!;
    const index = dayList.indexOf(r.day);
    if (index >= 0) series[index] = r.count;
  }
  return { days: dayList, byKey };
}

/** The rotations that replaced or produced these keys, newest first: the keys page's history of each key. */
export function rotationHistory(workspaceId: string, keyIds: string[]) {
  if (keyIds.length === 0) return Promise.resolve([]);
  return db()
    .select()
    .from(apiKeyRotations)
    .where(and(eq(apiKeyRotations.workspaceId, workspaceId), or(inArray(apiKeyRotations.oldKeyId, keyIds), inArray(apiKeyRotations.newKeyId, keyIds))))
    .orderBy(desc(apiKeyRotations.createdAt));
}

/**
 * The scopes a rotation carries over: those the key's creator may still grant with their current role. A creator who
 * was demoted takes the lost power off their keys at the next rotation; one who left (or is unknown) leaves none.
 */
async function scopesCreatorMayStillGrant(tx: Tx, row: ApiKeyRow): Promise<string[]> {
  const [creator] = row.createdBy
    ? await tx.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.workspaceId, row.workspaceId), eq(memberships.userId, row.createdBy)))
    : [];
  if (!creator) return [];
  const allowed = permissionsOf(creator.role);
  return row.scopes.filter((scope) => allowed.has(scope as ApiScope));
}

/**
 * The scheduled job: rolls every key whose rotation is due, and tells the workspace's owners and admins.
 * Keys are claimed with SKIP LOCKED so two schedulers running at once never roll the same key twice.
 */
export async function rotateDueKeys(now = new Date()) {
  const rotated = await db().transaction(async (tx) => {
    const due = await tx
      .select()
      .from(apiKeys)
      .where(and(lte(apiKeys.nextRotationAt, now), isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now))))
      .for("update", { skipLocked: true })
      .limit(100);
    const results = [];
    for (const row of due) {
      const scopes = await scopesCreatorMayStillGrant(tx, row);
      results.push(await roll(row, scopes, row.rotationOverlapHours, "scheduled", systemContext(row.workspaceId, "scheduled rotation"), tx, now));
    }
    return results;
  });
  for (const result of rotated) await notifyRotation(result.apiKey, result.oldKey);
  return rotated.map((r) => ({ oldKeyId: r.oldKey.id, newKeyId: r.apiKey.id }));
}

async function notifyRotation(fresh: PublicApiKey, old: PublicApiKey) {
  const [workspace] = await db().select().from(workspaces).innerJoin(apiKeys, eq(apiKeys.workspaceId, workspaces.id)).where(eq(apiKeys.id, fresh.id));
  const recipients = await db()
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspace.workspaces.id), inArray(memberships.role, ["owner", "admin"])));
  const url = `${env().APP_URL}/${workspace.workspaces.slug}/keys`;
  for (const { email } of recipients) {
    await sendEmail({
      to: email,
      subject: `API key "${fresh.name}" was rotated`,
      ...linkEmail({
        heading: `API key "${fresh.name}" was rotated`,
        intro: `Its rotation policy replaced ${old.start}… with ${fresh.start}…. The old key keeps working until ${old.expiresAt?.toISOString()}. Reveal the new key once on the keys page and update your programs before then.`,
        url,
        cta: "Open API keys",
        footer: `Workspace ${workspace.workspaces.name}.`,
      }),
    });
  }
}
