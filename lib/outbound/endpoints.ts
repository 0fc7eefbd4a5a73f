import { and, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { idSchema } from "@/lib/platform/id-types";
import { db, type Tx } from "@/db";
import { attempts, DEFAULT_AUTO_DISABLE_SECONDS, type EndpointKind, endpoints, endpointSecrets, payloadCompressionEnum, payloadFormatEnum, type StoredIntegration, type StoredOutboundAuth } from "@/db/schema";
import { AppError, newestFirst, notFound, olderThan, pageQuerySchema, type RequestContext, toPage } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { decryptSecret, encryptSecret } from "@/lib/platform";
import { notifyWorkers } from "@/lib/outbound/driver";
import { contentFilterSchema, eventTypeFilterEntrySchema, type ContentFilter } from "@/lib/outbound/filters";
import { CREDENTIAL_HEADERS, MAX_TIMEOUT_MS, redactCredentialHeaders, targetPolicyFor, validateTargetUrl } from "@/lib/net";
import { generateEndpointSecret, parseSecret, SECRET_PREFIX } from "@/lib/signing";
import { invalidateRouting } from "@/lib/outbound/fan-out";
import type { EndpointView, OutboundAuthView } from "@/lib/outbound/schemas";
import { assertTransformationCompiles, checkEndpointTemplate, templateVarsSchema } from "@/lib/payloads";
import { applicationRefSchema, DEFAULT_APPLICATION, findApplication, getOrCreateApplication, inActorApplication } from "@/lib/applications";
import type { Id } from "@/lib/platform/id-types";

/**
 * Endpoints: where a workspace's messages go, which of them, and how (headers, auth, rate limit, timeout, retries),
 * plus their signing secrets. Every change is audited with secrets redacted; outputs never carry a secret except
 * from revealEndpointSecret, createEndpoint and rotateEndpointSecret, which exist to show one.
 */

export const DEFAULT_ROTATION_OVERLAP_SECONDS = 24 * 3600;
export const MAX_ROTATION_OVERLAP_SECONDS = 7 * 24 * 3600;
const MAX_RETRY_DELAY_SECONDS = 7 * 24 * 3600;

// Headers the delivery itself controls; letting an endpoint override them would break signing or HTTP framing.
const RESERVED_HEADERS = new Set([
  "host",
  "content-length",
  "content-type",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "proxy-authorization",
  "user-agent",
]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const headerNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(HEADER_NAME, "Use a valid HTTP header name")
  // svix-* too: an endpoint migrated from Svix gets those signature headers (migratedFromSvix).
  .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()) && !name.toLowerCase().startsWith("webhook-") && !name.toLowerCase().startsWith("svix-"), {
    message: "This header is set by Switchboard and cannot be overridden",
  });
const headerValueSchema = z.string().max(2000).regex(/^[^\r\n\0]*$/, "Header values cannot contain line breaks");

/**
 * Custom headers are stored and shown in the clear (endpoint views, every attempt's request headers), so a credential
 * is refused here and pointed at outbound auth, which stores it sealed and never shows it.
 */
export const customHeadersSchema = z
  .record(headerNameSchema, headerValueSchema)
  .refine((h) => Object.keys(h).length <= 20, { message: "Use at most 20 custom headers" })
  .superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      if (!CREDENTIAL_HEADERS.has(name.toLowerCase())) continue;
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: "This header carries a credential: set it as the endpoint's outbound auth (bearer, basic or a custom header), which is stored encrypted and never shown",
      });
    }
  });

export const outboundAuthSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("none") }),
  z.object({ type: z.literal("basic"), username: z.string().min(1).max(200).regex(/^[^:]*$/, "A username cannot contain ':'"), password: z.string().min(1).max(500) }),
  z.object({ type: z.literal("bearer"), token: z.string().min(1).max(4000).regex(/^[^\r\n\0]*$/) }),
  z.object({ type: z.literal("header"), name: headerNameSchema, value: headerValueSchema.min(1) }),
]);
export type OutboundAuthInput = z.infer<typeof outboundAuthSchema>;

/** A user-supplied signing secret: `whsec_` + base64 of 24 to 64 bytes. */
export const signingSecretSchema = z.string().refine(
  (s) => {
    if (!s.startsWith(SECRET_PREFIX)) return false;
    try {
      const bytes = parseSecret(s).length;
      return bytes >= 24 && bytes <= 64;
    } catch {
      return false;
    }
  },
  { message: "Use whsec_ followed by base64 of 24 to 64 random bytes" },
);

// The SSRF rules depend on the workspace (its local testing switch), so createEndpoint and updateEndpoint apply them
// after parsing, with checkTargetUrl.
const urlSchema = z.string().trim().max(2000);

/** Refuses a URL the workspace's SSRF policy forbids, as a validation error on the `url` field. */
async function checkTargetUrl(url: string, ctx: RequestContext, tx: Tx) {
  const check = validateTargetUrl(url, await targetPolicyFor(ctx.workspaceId, tx));
  if (!check.ok) throw new z.ZodRealError([{ code: "custom", path: ["url"], message: check.message, input: url }]);
}

const endpointFields = {
  url: urlSchema,
  description: z.string().trim().max(500),
  /** Event type names (or `group.*`); null subscribes to every type. */
  eventTypes: z.array(eventTypeFilterEntrySchema).max(200).nullable(),
  contentFilter: contentFilterSchema.nullable(),
  headers: customHeadersSchema,
  auth: outboundAuthSchema,
  rateLimitPerSecond: z.number().int().min(1).max(10_000).nullable(),
  timeoutMs: z.number().int().min(1000).max(MAX_TIMEOUT_MS),
  versionPin: z.number().int().min(1).nullable(),
  /** Seconds before each attempt, the first usually 0; null uses the default schedule. */
  retrySchedule: z.array(z.number().int().min(0).max(MAX_RETRY_DELAY_SECONDS)).min(1).max(20).nullable(),
  autoDisableAfterSeconds: z.number().int().min(1).max(30 * 24 * 3600),
  /** The Liquid template (lib/payloads) a template-format body is rendered with; it must have been published. */
  templateId: z.string().min(1).nullable(),
  /** A pinned published version of it; null follows the latest. */
  templateVersion: z.number().int().min(1).nullable(),
  templateVars: templateVarsSchema,
  /** The body's shape: envelope (default), raw, form, xml or template (lib/payloads/formats.ts). */
  payloadFormat: z.enum(payloadFormatEnum.enumValues),
  /**
   * A transformation, `function handler(webhook) { ...; return webhook }`, run on every delivery while enabled;
   * checked when saved (assertTransformationCompiles: syntax, a handler, its length).
   */
  transformation: z.string().nullable(),
  transformationEnabled: z.boolean(),
  /** gzip bodies of at least compressionThresholdBytes; the signature covers the uncompressed body. */
  compression: z.enum(payloadCompressionEnum.enumValues),
  compressionThresholdBytes: z.number().int().min(0).max(10 * 1024 * 1024),
  /** Deliveries also carry svix-id, svix-timestamp and svix-signature (the webhook-* values), for receivers built for Svix. */
  migratedFromSvix: z.boolean(),
};

export const createEndpointSchema = z.object({
  /** The application (id or uid) the endpoint belongs to; without one, the workspace's default application (uid `default`), made if missing. */
  application: applicationRefSchema.optional(),
  url: endpointFields.url,
  description: endpointFields.description.default(""),
  eventTypes: endpointFields.eventTypes.default(null),
  contentFilter: endpointFields.contentFilter.default(null),
  headers: endpointFields.headers.default({}),
  auth: endpointFields.auth.default({ type: "none" }),
  rateLimitPerSecond: endpointFields.rateLimitPerSecond.default(null),
  timeoutMs: endpointFields.timeoutMs.default(MAX_TIMEOUT_MS),
  versionPin: endpointFields.versionPin.default(null),
  retrySchedule: endpointFields.retrySchedule.default(null),
  autoDisableAfterSeconds: endpointFields.autoDisableAfterSeconds.default(DEFAULT_AUTO_DISABLE_SECONDS),
  templateId: endpointFields.templateId.default(null),
  templateVersion: endpointFields.templateVersion.default(null),
  templateVars: endpointFields.templateVars.default({}),
  payloadFormat: endpointFields.payloadFormat.default("envelope"),
  transformation: endpointFields.transformation.default(null),
  transformationEnabled: endpointFields.transformationEnabled.default(false),
  compression: endpointFields.compression.default("none"),
  // Omitted, the column's default (1 KiB) applies.
  compressionThresholdBytes: endpointFields.compressionThresholdBytes.optional(),
  migratedFromSvix: endpointFields.migratedFromSvix.default(false),
  /** Start paused: messages queue but nothing is sent until resumed. */
  paused: z.boolean().default(false),
  /** Bring your own secret (for a migration); otherwise one is generated. */
  secret: signingSecretSchema.optional(),
});

export const updateEndpointSchema = z.object({ id: idSchema("ep") }).extend(
  Object.fromEntries(Object.entries(endpointFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof endpointFields]: z.ZodOptional<(typeof endpointFields)[K]>;
  },
);

export const listEndpointsSchema = pageQuerySchema.extend({
  /** Only this application's endpoints (id or uid). */
  application: applicationRefSchema.optional(),
  status: z.enum(["enabled", "disabled", "paused"]).optional(),
});

export const rotateSecretSchema = z.object({
  id: idSchema("ep"),
  /** How long the old secret keeps signing alongside the new one; 0 retires it at once. */
  overlapSeconds: z.number().int().min(0).max(MAX_ROTATION_OVERLAP_SECONDS).default(DEFAULT_ROTATION_OVERLAP_SECONDS),
  secret: signingSecretSchema.optional(),
});

export const setEndpointStatusSchema = z.object({
  id: idSchema("ep"),
  reason: z.string().trim().max(500).optional(),
});

type EndpointRow = typeof endpoints.$inferSelect;

/** Outbound auth as shown: the kind and the non-secret part, never the credential. */
function authView(auth: StoredOutboundAuth): OutboundAuthView {
  switch (auth.type) {
    case "basic":
      return { type: "basic", username: auth.username };
    case "bearer":
      return { type: "bearer" };
    case "header":
      return { type: "header", name: auth.name };
    default:
      return { type: "none" };
  }
}

export function endpointView(row: EndpointRow): EndpointView {
  return {
    id: row.id,
    applicationId: row.applicationId,
    url: row.url,
    description: row.description,
    kind: row.kind,
    status: row.status,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt,
    eventTypes: row.eventTypes,
    contentFilter: (row.contentFilter as ContentFilter | null) ?? null,
    // Credential headers are refused when saved; one stored before that is still never shown whole.
    headers: Object.fromEntries(redactCredentialHeaders(Object.entries(row.headers))),
    auth: authView(row.auth),
    rateLimitPerSecond: row.rateLimitPerSecond,
    timeoutMs: row.timeoutMs,
    versionPin: row.versionPin,
    retrySchedule: row.retrySchedule,
    autoDisableAfterSeconds: row.autoDisableAfterSeconds,
    templateId: row.templateId,
    templateVersion: row.templateVersion,
    templateVars: row.templateVars,
    payloadFormat: row.payloadFormat,
    transformation: row.transformation,
    transformationEnabled: row.transformationEnabled,
    compression: row.compression,
    compressionThresholdBytes: row.compressionThresholdBytes,
    migratedFromSvix: row.migratedFromSvix,
    firstFailureAt: row.firstFailureAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function sealAuth(auth: OutboundAuthInput): StoredOutboundAuth {
  switch (auth.type) {
    case "basic":
      return { type: "basic", username: auth.username, passwordEncrypted: encryptSecret(auth.password) };
    case "bearer":
      return { type: "bearer", tokenEncrypted: encryptSecret(auth.token) };
    case "header":
      return { type: "header", name: auth.name, valueEncrypted: encryptSecret(auth.value) };
    default:
      return { type: "none" };
  }
}

/** The request headers an endpoint's outbound auth adds, decrypted; only delivery calls this. */
export function outboundAuthHeaders(auth: StoredOutboundAuth): Record<string, string> {
  switch (auth.type) {
    case "basic":
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${decryptSecret(auth.passwordEncrypted)}`).toString("base64")}` };
    case "bearer":
      return { authorization: `Bearer ${decryptSecret(auth.tokenEncrypted)}` };
    case "header":
      return { [auth.name.toLowerCase()]: decryptSecret(auth.valueEncrypted) };
    default:
      return {};
  }
}

const auditBase = (ctx: RequestContext) => ({ workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request });

/**
 * What the audit trail records of an endpoint. The view already leaves outbound credentials out; custom header values
 * are left out too, because people put API keys in them under names no redaction rule can guess.
 */
function auditable(row: EndpointRow) {
  const { createdAt: _c, updatedAt: _u, firstFailureAt: _f, headers, ...rest } = endpointView(row);
  return { ...rest, headerNames: Object.keys(headers) };
}

async function findEndpoint(tx: Tx, ctx: RequestContext, id: Id<"ep">, lock = false): Promise<EndpointRow> {
  const query = tx.select().from(endpoints).where(and(eq(endpoints.id, id), eq(endpoints.workspaceId, ctx.workspaceId), inActorApplication(ctx, endpoints.applicationId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("The endpoint");
  return row;
}

export async function createEndpoint(input: z.input<typeof createEndpointSchema>, ctx: RequestContext, tx: Tx = db()) {
  const { paused, secret: suppliedSecret, auth, application, ...data } = createEndpointSchema.parse(input);
  await checkTargetUrl(data.url, ctx, tx);
  await checkEndpointTemplate(data, ctx, tx);
  await assertTransformationCompiles(data.transformation, "transformation");
  return insertEndpoint({ ...data, auth: sealAuth(auth), status: paused ? "paused" : "enabled" }, application, suppliedSecret, ctx, tx);
}

type NewEndpoint = Omit<typeof endpoints.$inferInsert, "workspaceId" | "applicationId">;

/** Writes a new endpoint, its first signing secret, the audit row and the routing change, in one transaction. */
function insertEndpoint(values: NewEndpoint, application: string | undefined, suppliedSecret: string | undefined, ctx: RequestContext, tx: Tx) {
  const secret = suppliedSecret ?? generateEndpointSecret();
  return tx.transaction(async (t) => {
    // Clients from before applications create endpoints without one: those join the default application, or, for an
    // actor limited to one application, that one.
    const named = application ?? ctx.applicationId;
    const { id: applicationId } = named ? await findApplication(t, ctx, named) : await getOrCreateApplication(DEFAULT_APPLICATION, ctx, t);
    const [row] = await t.insert(endpoints).values({ ...values, applicationId, workspaceId: ctx.workspaceId }).returning();
    await t.insert(endpointSecrets).values({ workspaceId: ctx.workspaceId, endpointId: row.id, secretEncrypted: encryptSecret(secret) });
    await recordAudit(t, { ...auditBase(ctx), action: "endpoint.create", target: { type: "endpoint", id: row.id }, after: auditable(row) });
    await invalidateRouting(t, ctx.workspaceId);
    return { endpoint: endpointView(row), secret };
  });
}

export interface IntegrationEndpointInput {
  /** The application (id or uid); the actor's own, or the default one, when absent. */
  application?: string;
  kind: Exclude<EndpointKind, "webhook">;
  /** Names the connection in lists and attempts (`slack://T…/C…`); never requested, so not SSRF-checked. */
  url: string;
  description: string;
  eventTypes?: string[] | null;
  integration: StoredIntegration;
}

/**
 * A connection made through an integration (lib/integrations) is an endpoint of its kind, so filters, templates,
 * retries, logs, replay and charts treat it as any other. It gets a signing secret too, unused by its adapter, so
 * every endpoint keeps the same invariants.
 */
export function createIntegrationEndpoint(input: IntegrationEndpointInput, ctx: RequestContext, tx: Tx = db()) {
  const { application, eventTypes = null, ...values } = input;
  return insertEndpoint({ ...values, eventTypes }, application, undefined, ctx, tx);
}

export async function getEndpoint(input: { id: Id<"ep"> }, ctx: RequestContext, tx: Tx = db()): Promise<EndpointView> {
  return endpointView(await findEndpoint(tx, ctx, input.id));
}

/**
 * A workspace's endpoints, newest first, with keyset pagination (endpoints_workspace_created, or
 * endpoints_application_created for one application's; an unknown application is a 404).
 */
export async function listEndpoints(input: z.input<typeof listEndpointsSchema>, ctx: RequestContext, tx: Tx = db()) {
  const { cursor, limit, status, application } = listEndpointsSchema.parse(input);
  const applicationId = application ? (await findApplication(tx, ctx, application)).id : undefined;
  const rows = await tx
    .select()
    .from(endpoints)
    .where(
      and(
        eq(endpoints.workspaceId, ctx.workspaceId),
        inActorApplication(ctx, endpoints.applicationId),
        applicationId ? eq(endpoints.applicationId, applicationId) : undefined,
        status ? eq(endpoints.status, status) : undefined,
        olderThan(cursor, endpoints.createdAt, endpoints.id),
      ),
    )
    .orderBy(...newestFirst(endpoints.createdAt, endpoints.id))
    .limit(limit + 1);
  const page = toPage(rows, limit);
  return { data: page.data.map(endpointView), nextCursor: page.nextCursor };
}

/** Changes the given fields only. Outbound auth is replaced whole when given, since its secret is never read back. */
export async function updateEndpoint(input: z.input<typeof updateEndpointSchema>, ctx: RequestContext, tx: Tx = db()): Promise<EndpointView> {
  const { id, auth, ...changes } = updateEndpointSchema.parse(input);
  if (changes.url !== undefined) await checkTargetUrl(changes.url, ctx, tx);
  await assertTransformationCompiles(changes.transformation, "transformation");
  return tx.transaction(async (t) => {
    const before = await findEndpoint(t, ctx, id, true);
    // An integration's url names its connection, which only connecting again can change.
    if (before.kind !== "webhook" && changes.url !== undefined && changes.url !== before.url) {
      throw new z.ZodRealError([{ code: "custom", path: ["url"], message: `A ${before.kind} connection's URL cannot be changed: connect it again instead.`, input: changes.url }]);
    }
    if (changes.templateId !== undefined || changes.templateVersion !== undefined) {
      const templateId = changes.templateId === undefined ? before.templateId : changes.templateId;
      const templateVersion = changes.templateVersion === undefined ? before.templateVersion : changes.templateVersion;
      await checkEndpointTemplate({ templateId, templateVersion }, ctx, t);
    }
    const [after] = await t
      .update(endpoints)
      .set({ ...changes, ...(auth ? { auth: sealAuth(auth) } : {}), updatedAt: new Date() })
      .where(and(eq(endpoints.id, id), eq(endpoints.workspaceId, ctx.workspaceId)))
      .returning();
    await recordAudit(t, { ...auditBase(ctx), action: "endpoint.update", target: { type: "endpoint", id }, before: auditable(before), after: auditable(after) });
    await invalidateRouting(t, ctx.workspaceId);
    return endpointView(after);
  });
}

/** Deletes the endpoint with its secrets, deliveries and attempts. */
export async function deleteEndpoint(input: { id: Id<"ep"> }, ctx: RequestContext, tx: Tx = db()): Promise<void> {
  await tx.transaction(async (t) => {
    const before = await findEndpoint(t, ctx, input.id, true);
    await t.delete(endpoints).where(and(eq(endpoints.id, input.id), eq(endpoints.workspaceId, ctx.workspaceId)));
    await recordAudit(t, { ...auditBase(ctx), action: "endpoint.delete", target: { type: "endpoint", id: input.id }, before: auditable(before) });
    await invalidateRouting(t, ctx.workspaceId);
  });
}

type StatusChange = { action: string; from: EndpointRow["status"][]; to: EndpointRow["status"]; verb: string };

const STATUS_CHANGES = {
  pause: { action: "endpoint.pause", from: ["enabled"], to: "paused", verb: "paused" },
  resume: { action: "endpoint.resume", from: ["paused"], to: "enabled", verb: "resumed" },
  enable: { action: "endpoint.enable", from: ["disabled", "paused"], to: "enabled", verb: "enabled" },
  disable: { action: "endpoint.disable", from: ["enabled", "paused"], to: "disabled", verb: "disabled" },
} satisfies Record<string, StatusChange>;

async function changeStatus(change: StatusChange, input: z.input<typeof setEndpointStatusSchema>, ctx: RequestContext, tx: Tx) {
  const { id, reason } = setEndpointStatusSchema.parse(input);
  return tx.transaction(async (t) => {
    const before = await findEndpoint(t, ctx, id, true);
    if (before.status === change.to) return endpointView(before);
    if (!change.from.includes(before.status)) {
      throw new AppError("conflict", `A ${before.status} endpoint cannot be ${change.verb}.`);
    }
    const disabling = change.to === "disabled";
    const [after] = await t
      .update(endpoints)
      .set({
        status: change.to,
        disabledReason: disabling ? (reason ?? "Disabled manually.") : null,
        disabledAt: disabling ? new Date() : null,
        // Re-enabling starts a fresh auto-disable clock: the failures before the pause or disable do not count.
        ...(change.to === "enabled" ? { firstFailureAt: null } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(endpoints.id, id), eq(endpoints.workspaceId, ctx.workspaceId)))
      .returning();
    // Deliveries that queued while paused (or disabled) are due: wake the worker. On Vercel the sweeper finds them.
    if (after.status === "enabled") await notifyWorkers(t);
    await invalidateRouting(t, ctx.workspaceId);
    await recordAudit(t, {
      ...auditBase(ctx),
      action: change.action,
      target: { type: "endpoint", id },
      before: { status: before.status },
      after: { status: after.status, ...(disabling ? { reason: after.disabledReason } : {}) },
    });
    return endpointView(after);
  });
}

/** Pausing queues deliveries without sending them; resuming sends what queued, oldest due first. */
export const pauseEndpoint = (input: z.input<typeof setEndpointStatusSchema>, ctx: RequestContext, tx: Tx = db()) => changeStatus(STATUS_CHANGES.pause, input, ctx, tx);
export const resumeEndpoint = (input: z.input<typeof setEndpointStatusSchema>, ctx: RequestContext, tx: Tx = db()) => changeStatus(STATUS_CHANGES.resume, input, ctx, tx);
/** Disabled endpoints get no new deliveries; their pending ones wait, and go out if the endpoint is enabled again. */
export const disableEndpoint = (input: z.input<typeof setEndpointStatusSchema>, ctx: RequestContext, tx: Tx = db()) => changeStatus(STATUS_CHANGES.disable, input, ctx, tx);
export const enableEndpoint = (input: z.input<typeof setEndpointStatusSchema>, ctx: RequestContext, tx: Tx = db()) => changeStatus(STATUS_CHANGES.enable, input, ctx, tx);

// ---------------------------------------------------------------------------------------------------------------
// Signing secrets

const activeSecret = (now: Date) => or(isNull(endpointSecrets.expiresAt), gt(endpointSecrets.expiresAt, now));

/** The secrets that sign right now, newest first and decrypted. Delivery uses this; nothing shows it to users. */
export async function activeSigningSecrets(endpointId: Id<"ep">, tx: Tx = db(), now = new Date()): Promise<string[]> {
  const rows = await tx
    .select({ secretEncrypted: endpointSecrets.secretEncrypted })
    .from(endpointSecrets)
    .where(and(eq(endpointSecrets.endpointId, endpointId), activeSecret(now)))
    .orderBy(desc(endpointSecrets.createdAt), desc(endpointSecrets.id));
  return rows.map((r) => decryptSecret(r.secretEncrypted));
}

export interface RevealedSecrets {
  /** The newest secret: the one receivers should configure. */
  secret: string;
  /** Older secrets still signing during a rotation overlap, with when they stop. */
  previous: { secret: string; expiresAt: Date | null }[];
}

/** Shows the endpoint's signing secrets. A reveal is audited, since it hands out a credential. */
export async function revealEndpointSecret(input: { id: Id<"ep"> }, ctx: RequestContext, tx: Tx = db()): Promise<RevealedSecrets> {
  return tx.transaction(async (t) => {
    await findEndpoint(t, ctx, input.id);
    const rows = await t
      .select()
      .from(endpointSecrets)
      .where(and(eq(endpointSecrets.endpointId, input.id), activeSecret(new Date())))
      .orderBy(desc(endpointSecrets.createdAt), desc(endpointSecrets.id));
    if (rows.length === 0) throw new AppError("conflict", "The endpoint has no active signing secret; rotate to create one.");
    await recordAudit(t, { ...auditBase(ctx), action: "endpoint.secret_reveal", target: { type: "endpoint", id: input.id } });
    const [newest, ...older] = rows;
    return {
      secret: decryptSecret(newest.secretEncrypted),
      previous: older.map((r) => ({ secret: decryptSecret(r.secretEncrypted), expiresAt: r.expiresAt })),
    };
  });
}

/**
 * Replaces the signing secret. The old secrets keep signing for `overlapSeconds` (24 h by default, 7 days at most), so
 * receivers can switch without dropping a delivery: meanwhile every delivery carries a signature per secret.
 */
export async function rotateEndpointSecret(input: z.input<typeof rotateSecretSchema>, ctx: RequestContext, tx: Tx = db()) {
  const { id, overlapSeconds, secret: supplied } = rotateSecretSchema.parse(input);
  const secret = supplied ?? generateEndpointSecret();
  return tx.transaction(async (t) => {
    await findEndpoint(t, ctx, id, true);
    const now = new Date();
    const retireAt = new Date(now.getTime() + overlapSeconds * 1000);
    // An older secret already due to retire sooner keeps its earlier time.
    await t
      .update(endpointSecrets)
      .set({ expiresAt: sql`least(coalesce(${endpointSecrets.expiresAt}, 'infinity'::timestamptz), ${retireAt.toISOString()}::timestamptz)` })
      .where(and(eq(endpointSecrets.endpointId, id), activeSecret(now)));
    await t.insert(endpointSecrets).values({ workspaceId: ctx.workspaceId, endpointId: id, secretEncrypted: encryptSecret(secret), createdAt: now });
    await t.update(endpoints).set({ updatedAt: now }).where(eq(endpoints.id, id));
    await recordAudit(t, { ...auditBase(ctx), action: "endpoint.secret_rotate", target: { type: "endpoint", id }, after: { overlapSeconds, previousExpiresAt: retireAt } });
    return { secret, previousExpiresAt: retireAt };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Health

export const endpointHealthSchema = z.object({
  id: idSchema("ep"),
  /** The window the success rate covers; 24 hours by default. */
  sinceSeconds: z.number().int().min(60).max(30 * 24 * 3600).default(24 * 3600),
});

export interface EndpointHealth {
  attempts: number;
  succeeded: number;
  /** Between 0 and 1, or null when there were no attempts in the window. */
  successRate: number | null;
  lastAttemptAt: Date | null;
  firstFailureAt: Date | null;
  status: EndpointView["status"];
}

/** Success rate over a recent window, for the endpoint page. Reads the attempts_endpoint_created index. */
export async function getEndpointHealth(input: z.input<typeof endpointHealthSchema>, ctx: RequestContext, tx: Tx = db()): Promise<EndpointHealth> {
  const { id, sinceSeconds } = endpointHealthSchema.parse(input);
  const endpoint = await findEndpoint(tx, ctx, id);
  const since = new Date(Date.now() - sinceSeconds * 1000);
  const [row] = await tx
    .select({
      total: sql<number>`count(*)::int`,
      succeeded: sql<number>`count(*) filter (where ${attempts.succeeded})::int`,
      last: sql<string | null>`max(${attempts.createdAt})`,
    })
    .from(attempts)
    .where(and(eq(attempts.endpointId, id), gt(attempts.createdAt, since)));
  return {
    attempts: row.total,
    succeeded: row.succeeded,
    successRate: row.total ? row.succeeded / row.total : null,
    lastAttemptAt: row.last ? new Date(row.last) : null,
    firstFailureAt: endpoint.firstFailureAt,
    status: endpoint.status,
  };
}
