import { randomBytes } from "node:crypto";
import { and, eq, gt, isNotNull, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { DEFAULT_MAX_BODY_BYTES, sources } from "@/db/schema";
import { AppError, newestFirst, notFound, olderThan, pageQuerySchema, type RequestContext, toPage } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { decryptSecret, encryptSecret, env, newToken, toBase62 } from "@/lib/platform";
import { validatePayload } from "@/lib/outbound";
import { forgetSource } from "@/lib/inbound/source-cache";
import { parseCidrList } from "@/lib/net";
import { generateEndpointSecret, type InboundProvider, type InboundVerification, inboundVerificationSchema } from "@/lib/signing";
import { PROVIDERS } from "@/lib/inbound/presets";
import type { SourceView } from "@/lib/inbound/schemas";

/**
 * Sources: the URLs providers post to (`/in/<token>`), how their requests are verified, and the limits applied.
 * The verification preset is sealed whole because it holds the secret; views carry it with its secrets removed, and
 * only revealSourceSecret returns them.
 */

/** The fields of a preset that are secrets: never shown except by revealSourceSecret, never audited. */
const SECRET_FIELDS = ["secret", "password", "value"] as const;

/** A request bin lives this long. */
export const BIN_TTL_SECONDS = 24 * 3600;
export const MAX_BODY_LIMIT = 10 * 1024 * 1024;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A secret for a preset that needs one and was not given: the provider's own format where it has one. */
function generatedSecret(provider: InboundProvider, field: (typeof SECRET_FIELDS)[number]): string {
  if (provider === "standard_webhooks" && field === "secret") return generateEndpointSecret();
  const random = toBase62(randomBytes(24));
  return provider === "stripe" ? `whsec_${random}` : random;
}

function needsSecret(provider: InboundProvider, field: (typeof SECRET_FIELDS)[number]): boolean {
  if (provider === "api_key_header") return field === "value";
  if (provider === "basic_auth") return field === "password";
  return field === "secret" && provider !== "none";
}

/** The preset with each missing secret kept from the current preset of the same provider, or generated. */
function fillSecrets(input: Record<string, unknown> & { provider: InboundProvider }, current: Record<string, unknown> | null): Record<string, unknown> {
  const preset: Record<string, unknown> = { ...input };
  for (const field of SECRET_FIELDS) {
    if (preset[field] !== undefined && preset[field] !== "") continue;
    delete preset[field];
    if (!needsSecret(input.provider, field)) continue;
    const kept = current?.provider === input.provider ? current[field] : undefined;
    preset[field] = kept ?? generatedSecret(input.provider, field);
  }
  return preset;
}

/**
 * The verification preset as a caller writes it: like inboundVerificationSchema, but a secret may be left out. It is
 * then kept from the current preset of the same provider, or generated.
 */
export const verificationInputSchema = z.looseObject({ provider: z.enum(PROVIDERS) }).superRefine((input, ctx) => {
  const checked = inboundVerificationSchema.safeParse(fillSecrets(input, null));
  if (!checked.success) checked.error.issues.forEach((issue) => ctx.addIssue({ ...issue, code: "custom", message: issue.message }));
});
export type VerificationInput = z.input<typeof verificationInputSchema> & Record<string, unknown>;

function completeVerification(input: VerificationInput, current: InboundVerification | null): InboundVerification {
  return inboundVerificationSchema.parse(fillSecrets(input, current as Record<string, unknown> | null));
}

/** The preset without its secrets; `withheld` names the fields left out. */
function summaryOf(preset: InboundVerification): Record<string, unknown> {
  const summary: Record<string, unknown> = { ...preset };
  const withheld = SECRET_FIELDS.filter((field) => field in summary);
  for (const field of withheld) delete summary[field];
  return withheld.length ? { ...summary, withheld } : summary;
}

const nameSchema = z
  .string()
  .trim()
  .min(1, "Give the source a name")
  .max(80, "Use at most 80 characters")
  .regex(/^[^/\\?#]*$/, "A name cannot contain / \\ ? or #");

/** A CIDR list as a list, or as the text of a dashboard field (one per line or comma-separated). */
const ipAllowlistSchema = z
  .union([z.array(z.string()), z.string()])
  .transform((value) => (Array.isArray(value) ? value : value.split(/[\s,]+/)).map((v) => v.trim()).filter(Boolean))
  .superRefine((list, ctx) => {
    if (list.length > 100) ctx.addIssue({ code: "custom", message: "Use at most 100 entries" });
    const parsed = parseCidrList(list);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: `Not an IP address or CIDR range: ${parsed.invalid.join(", ")}` });
  });

const jsonSchemaSchema = z
  .record(z.string(), z.unknown())
  .nullable()
  .superRefine((schema, ctx) => {
    if (!schema) return;
    try {
      // Compiling checks the schema; the probe's id keeps it apart from every source's cached validator.
      validatePayload({ id: `probe:${randomBytes(8).toString("hex")}`, schema }, null);
    } catch (error) {
      const issues = error instanceof AppError ? error.details?.issues : undefined;
      if (!issues?.length) {
        ctx.addIssue({ code: "custom", message: error instanceof AppError ? error.message : "The JSON Schema is invalid" });
        return;
      }
      // Each problem at its place inside the schema: "schema.properties.id.type" becomes "jsonSchema.properties.id.type".
      for (const issue of issues) {
        const inside = issue.path.split(".").slice(1);
        ctx.addIssue({ code: "custom", path: inside, message: issue.message });
      }
    }
  });

const sourceFields = {
  name: nameSchema,
  description: z.string().trim().max(500),
  verification: verificationInputSchema,
  ipAllowlist: ipAllowlistSchema,
  /** Requests per minute; null uses the default of 600. */
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000).nullable(),
  maxBodyBytes: z.number().int().min(1024).max(MAX_BODY_LIMIT),
  jsonSchema: jsonSchemaSchema,
  deduplicate: z.boolean(),
  /** The header whose value identifies a delivery; null uses the provider's (webhook-id, X-GitHub-Delivery, ...). */
  dedupHeader: z.string().regex(HEADER_NAME, "Use a valid HTTP header name").max(100).nullable(),
};

export const createSourceSchema = z.object({
  name: sourceFields.name,
  description: sourceFields.description.default(""),
  verification: sourceFields.verification.default({ provider: "none" }),
  ipAllowlist: sourceFields.ipAllowlist.default([]),
  rateLimitPerMinute: sourceFields.rateLimitPerMinute.default(null),
  maxBodyBytes: sourceFields.maxBodyBytes.default(DEFAULT_MAX_BODY_BYTES),
  jsonSchema: sourceFields.jsonSchema.default(null),
  deduplicate: sourceFields.deduplicate.default(false),
  dedupHeader: sourceFields.dedupHeader.default(null),
});

export const updateSourceSchema = z.object({
  id: z.string().min(1),
  name: sourceFields.name.optional(),
  description: sourceFields.description.optional(),
  verification: sourceFields.verification.optional(),
  ipAllowlist: sourceFields.ipAllowlist.optional(),
  rateLimitPerMinute: sourceFields.rateLimitPerMinute.optional(),
  maxBodyBytes: sourceFields.maxBodyBytes.optional(),
  jsonSchema: sourceFields.jsonSchema.optional(),
  deduplicate: sourceFields.deduplicate.optional(),
  dedupHeader: sourceFields.dedupHeader.optional(),
});

export const listSourcesSchema = pageQuerySchema.extend({
  /** Request bins are listed on the testing page, not with sources. */
  temporary: z.coerce.boolean().default(false),
});

type SourceRow = typeof sources.$inferSelect;

export function sourceUrl(token: string): string {
  return `${env().APP_URL.replace(/\/+$/, "")}/in/${token}`;
}

export function sourceView(row: SourceRow): SourceView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    url: sourceUrl(row.token),
    provider: row.provider as InboundProvider,
    verification: row.verificationSummary,
    ipAllowlist: row.ipAllowlist,
    rateLimitPerMinute: row.rateLimitPerMinute,
    maxBodyBytes: row.maxBodyBytes,
    jsonSchema: (row.jsonSchema as Record<string, unknown> | null) ?? null,
    deduplicate: row.deduplicate,
    dedupHeader: row.dedupHeader,
    temporary: row.temporary,
    expiresAt: row.expiresAt,
    rejectionsNotStored: row.rejectionsNotStored,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The preset a source verifies with, secrets included; for the receiver and revealSourceSecret only. */
export function sourceVerification(row: Pick<SourceRow, "verificationEncrypted">): InboundVerification {
  return JSON.parse(decryptSecret(row.verificationEncrypted)) as InboundVerification;
}

const auditBase = (ctx: RequestContext) => ({ workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request });

/** The audit record: the view without the URL, whose token is as good as a credential for posting. */
function auditable(row: SourceRow) {
  const { url: _url, createdAt: _c, updatedAt: _u, rejectionsNotStored: _r, ...rest } = sourceView(row);
  return rest;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return (e?.code ?? e?.cause?.code) === "23505";
}

const nameTaken = (name: string) => new AppError("conflict", `A source named ${name} already exists; choose another name.`);

/** Finds a source of the workspace by id, or by name when the value is not an id. */
async function findSource(tx: Tx, ctx: RequestContext, idOrName: string, lock = false): Promise<SourceRow> {
  const column = idOrName.startsWith("src_") ? sources.id : sources.name;
  const query = tx.select().from(sources).where(and(eq(column, idOrName), eq(sources.workspaceId, ctx.workspaceId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("The source");
  return row;
}

async function insertSource(tx: Tx, ctx: RequestContext, values: Omit<typeof sources.$inferInsert, "workspaceId" | "token">, action: string) {
  try {
    return await tx.transaction(async (t) => {
      const [row] = await t.insert(sources).values({ ...values, workspaceId: ctx.workspaceId, token: newToken() }).returning();
      await recordAudit(t, { ...auditBase(ctx), action, target: { type: "source", id: row.id }, after: auditable(row) });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(values.name);
    throw error;
  }
}

export async function createSource(input: z.input<typeof createSourceSchema>, ctx: RequestContext, tx: Tx = db()): Promise<SourceView> {
  const { verification, ...data } = createSourceSchema.parse(input);
  const preset = completeVerification(verification as VerificationInput, null);
  const row = await insertSource(
    tx,
    ctx,
    { ...data, provider: preset.provider, verificationEncrypted: encryptSecret(JSON.stringify(preset)), verificationSummary: summaryOf(preset) },
    "source.create",
  );
  return sourceView(row);
}

/** A request bin: a temporary source with no verification, for the testing page's live inspector. */
export async function createBin(ctx: RequestContext, tx: Tx = db()): Promise<SourceView> {
  const preset: InboundVerification = { provider: "none" };
  const name = `Bin ${new Date().toISOString().slice(0, 16).replace("T", " ")} ${toBase62(randomBytes(3))}`;
  const row = await insertSource(
    tx,
    ctx,
    {
      name,
      provider: "none",
      verificationEncrypted: encryptSecret(JSON.stringify(preset)),
      verificationSummary: summaryOf(preset),
      temporary: true,
      expiresAt: new Date(Date.now() + BIN_TTL_SECONDS * 1000),
    },
    "source.bin_create",
  );
  return sourceView(row);
}

export async function getSource(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<SourceView> {
  return sourceView(await findSource(tx, ctx, input.id));
}

/** A workspace's sources (or its unexpired request bins), newest first, with keyset pagination. */
export async function listSources(input: z.input<typeof listSourcesSchema>, ctx: RequestContext, tx: Tx = db()) {
  const { cursor, limit, temporary } = listSourcesSchema.parse(input);
  const rows = await tx
    .select()
    .from(sources)
    .where(
      and(
        eq(sources.workspaceId, ctx.workspaceId),
        eq(sources.temporary, temporary),
        temporary ? or(isNull(sources.expiresAt), gt(sources.expiresAt, new Date())) : undefined,
        olderThan(cursor, sources.createdAt, sources.id),
      ),
    )
    .orderBy(...newestFirst(sources.createdAt, sources.id))
    .limit(limit + 1);
  const page = toPage(rows, limit);
  return { data: page.data.map(sourceView), nextCursor: page.nextCursor };
}

/** Changes the given fields. A verification preset without its secret keeps the current one (same provider). */
export async function updateSource(input: z.input<typeof updateSourceSchema>, ctx: RequestContext, tx: Tx = db()): Promise<SourceView> {
  const { id, verification, ...changes } = updateSourceSchema.parse(input);
  try {
    const { before, after } = await tx.transaction(async (t) => {
      const before = await findSource(t, ctx, id, true);
      const current = sourceVerification(before) as Record<string, unknown>;
      const preset = verification ? completeVerification(verification as VerificationInput, current as InboundVerification) : null;
      const sealed = preset
        ? { provider: preset.provider, verificationEncrypted: encryptSecret(JSON.stringify(preset)), verificationSummary: summaryOf(preset) }
        : {};
      const [after] = await t
        .update(sources)
        .set({ ...changes, ...sealed, updatedAt: new Date() })
        .where(and(eq(sources.id, before.id), eq(sources.workspaceId, ctx.workspaceId)))
        .returning();
      // The audit trail cannot hold the secret, so it records whether it changed (under a name redaction leaves alone).
      const signingMaterialChanged = preset !== null && SECRET_FIELDS.some((f) => (preset as Record<string, unknown>)[f] !== current[f]);
      await recordAudit(t, { ...auditBase(ctx), action: "source.update", target: { type: "source", id: before.id }, before: auditable(before), after: { ...auditable(after), signingMaterialChanged } });
      return { before, after };
    });
    forgetSource(before.token);
    return sourceView(after);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(changes.name ?? "");
    throw error;
  }
}

/** Deletes a source with its requests and connections. */
export async function deleteSource(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<void> {
  const token = await tx.transaction(async (t) => {
    const row = await findSource(t, ctx, input.id, true);
    await t.delete(sources).where(and(eq(sources.id, row.id), eq(sources.workspaceId, ctx.workspaceId)));
    await recordAudit(t, { ...auditBase(ctx), action: "source.delete", target: { type: "source", id: row.id }, before: auditable(row) });
    return row.token;
  });
  forgetSource(token);
}

/** Gives the source a new URL; the old one answers 404 from now on. */
export async function regenerateSourceToken(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<SourceView> {
  const { before, after } = await tx.transaction(async (t) => {
    const before = await findSource(t, ctx, input.id, true);
    const [after] = await t
      .update(sources)
      .set({ token: newToken(), updatedAt: new Date() })
      .where(and(eq(sources.id, before.id), eq(sources.workspaceId, ctx.workspaceId)))
      .returning();
    await recordAudit(t, { ...auditBase(ctx), action: "source.token_regenerate", target: { type: "source", id: before.id } });
    return { before, after };
  });
  forgetSource(before.token);
  return sourceView(after);
}

export interface RevealedSourceSecret {
  provider: InboundProvider;
  /** The preset's secret fields (secret, password or value); empty for a preset without one. */
  secrets: Partial<Record<(typeof SECRET_FIELDS)[number], string>>;
}

/** The source's verification secret, for configuring the provider or signing test requests. The reveal is audited. */
export async function revealSourceSecret(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<RevealedSourceSecret> {
  return tx.transaction(async (t) => {
    const row = await findSource(t, ctx, input.id);
    const preset = sourceVerification(row) as Record<string, unknown>;
    const secrets = Object.fromEntries(SECRET_FIELDS.filter((f) => typeof preset[f] === "string").map((f) => [f, preset[f] as string]));
    await recordAudit(t, { ...auditBase(ctx), action: "source.secret_reveal", target: { type: "source", id: row.id } });
    return { provider: row.provider as InboundProvider, secrets };
  });
}

/** Deletes request bins past their expiry, with their requests (a scheduled job); returns how many. */
export async function purgeExpiredBins(tx: Tx = db()): Promise<number> {
  const purged = await tx
    .delete(sources)
    .where(and(eq(sources.temporary, true), isNotNull(sources.expiresAt), lt(sources.expiresAt, new Date())))
    .returning({ token: sources.token });
  purged.forEach((row) => forgetSource(row.token));
  return purged.length;
}
