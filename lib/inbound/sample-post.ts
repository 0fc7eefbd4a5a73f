import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { sources } from "@/db/schema";
import { AppError, notFound, type RequestContext } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { findProviderSample, providerSampleBody } from "@/lib/inbound/provider-samples";
import { getInboundRequest } from "@/lib/inbound/requests";
import { sourceUrl, sourceVerification } from "@/lib/inbound/sources";
import { SIGNABLE_PROVIDERS, type SignableProvider, signInbound } from "@/lib/signing";
import { type Id, idSchema } from "@/lib/platform/id-types";

/**
 * The testing page's "sign as the provider and post it to a source": a provider sample, signed as that provider signs
 * (signInbound) with the source's own secret, posted over the network to the source's public URL, `/in/<token>`, so
 * the whole intake runs as for the real provider: the body cap, allowlist, rate limit, verification, schema, routing
 * into connections. The verdict is the source's answer. The URL is the app's own (APP_URL and the source's token),
 * never one the caller gives, so this cannot be pointed anywhere else.
 */

export const postSampleSchema = z.object({
  sourceId: idSchema("src"),
  sampleId: z.string().min(1).max(100),
  /**
   * "source": signed with the source's secret (what the provider does when set up right); "wrong_secret": with a
   * made-up secret, to see a rejection and its reason; "unsigned": no signature headers at all.
   */
  signing: z.enum(["source", "wrong_secret", "unsigned"]).default("source"),
});

/** Enough of the source's answer to show; /in/ answers are short JSON. */
const MAX_RESPONSE_CHARS = 16 * 1024;
const TIMEOUT_MS = 15_000;

export interface SamplePostResult {
  url: string;
  /** What was signed with: the source's secret, a wrong one, or nothing (and why). */
  signedWith: "source_secret" | "wrong_secret" | "unsigned";
  note: string | null;
  request: { method: "POST"; headers: Record<string, string>; body: string };
  response: { status: number; headers: Record<string, string>; body: string } | null;
  durationMs: number;
  /** accepted (2xx), rejected (4xx from the source: verification, limits, schema), or error (no answer, 5xx). */
  verdict: "accepted" | "rejected" | "error";
  /** The source's error message, or the network failure. */
  reason: string | null;
  /** The stored request's verdict detail (which header, which check), when the source stored it. */
  detail: string | null;
  /** The stored inbound request, for the inspector. */
  requestId: Id<"req"> | null;
}

const isSignable = (provider: string): provider is SignableProvider => (SIGNABLE_PROVIDERS as readonly string[]).includes(provider);

/** Signs the sample and posts it; the post itself is audited (it stores a request and may route messages onward). */
export async function postProviderSample(input: z.input<typeof postSampleSchema>, ctx: RequestContext, tx: Tx = db()): Promise<SamplePostResult> {
  const { sourceId, sampleId, signing } = postSampleSchema.parse(input);
  const sample = findProviderSample(sampleId);
  if (!sample) throw new AppError("validation_failed", `There is no provider sample ${sampleId}.`, { issues: [{ path: "sampleId", message: "Pick a sample" }] });
  const [row] = await tx.select().from(sources).where(and(eq(sources.id, sourceId), eq(sources.workspaceId, ctx.workspaceId)));
  if (!row) throw notFound("The source");

  const preset = sourceVerification(row) as { provider: string; secret?: unknown };
  const secret = typeof preset.secret === "string" ? preset.secret : null;
  const body = Buffer.from(providerSampleBody(sample));
  let signedWith: SamplePostResult["signedWith"] = "unsigned";
  let note: string | null = null;
  let signature: Record<string, string> = {};
  if (signing === "wrong_secret") {
    signature = signInbound({ provider: sample.provider, secret: `wrong_${randomBytes(16).toString("hex")}` }, body);
    signedWith = "wrong_secret";
  } else if (signing === "source" && secret) {
    signature = signInbound({ provider: sample.provider, secret }, body);
    signedWith = "source_secret";
    if (preset.provider !== sample.provider) {
      note = isSignable(preset.provider)
        ? `The source verifies ${preset.provider} signatures; this sample is signed as ${sample.provider} would sign it.`
        : `The source verifies with ${preset.provider}; this sample is signed as ${sample.provider}, with the source's secret.`;
    }
  } else if (signing === "source") {
    note = `The source's verification (${preset.provider}) has no signing secret, so the sample is posted unsigned.`;
  }
  const headers = { ...sample.headers, ...signature };
  const url = sourceUrl(row.token);

  await recordAudit(tx, {
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    request: ctx.request,
    action: "source.post_sample",
    target: { type: "source", id: row.id },
    after: { sample: `${sample.id}@${sample.version}`, signedWith },
  });

  const started = performance.now();
  const result: Omit<SamplePostResult, "response" | "durationMs" | "verdict" | "reason" | "detail" | "requestId"> = { url, signedWith, note, request: { method: "POST", headers, body: body.toString("utf8") } };
  try {
    const response = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = (await response.text()).slice(0, MAX_RESPONSE_CHARS);
    const durationMs = Math.round(performance.now() - started);
    const header = response.headers.get("x-switchboard-request-id");
    const requestId = header?.startsWith("req_") ? (header as Id<"req">) : null;
    // Read outside the caller's transaction: the request was stored by the intake's own.
    const stored = requestId ? await getInboundRequest({ id: requestId }, ctx).catch(() => null) : null;
    let reason: string | null = null;
    try {
      reason = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? null;
    } catch {
      // Not JSON: the status says enough.
    }
    return {
      ...result,
      response: { status: response.status, headers: Object.fromEntries(response.headers), body: text },
      durationMs,
      verdict: response.ok ? "accepted" : response.status < 500 ? "rejected" : "error",
      reason,
      detail: stored?.detail ?? null,
      requestId,
    };
  } catch (error) {
    return { ...result, response: null, durationMs: Math.round(performance.now() - started), verdict: "error", reason: `No answer from ${url}: ${(error as Error).message}`, detail: null, requestId: null };
  }
}
