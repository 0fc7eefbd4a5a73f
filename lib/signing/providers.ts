import { createHash } from "node:crypto";
import { z } from "zod";
import { safeEqual } from "@/lib/platform";
import {
  anyMatch,
  checkTimestamp,
  headerReader,
  hmac,
  nowInSeconds,
  parseUnixSeconds,
  type HeaderInput,
  type HmacAlgorithm,
} from "@/lib/signing/common";
import { DEFAULT_TOLERANCE_SECONDS, parseSecret, verify as verifyStandardWebhook } from "@/lib/signing/standard-webhooks";

/**
 * Inbound verification for a source's provider preset. Every verifier works on the raw bytes as received,
 * before anything parses them, and explains a failure well enough for a user to fix their setup.
 */

const tolerance = z.number().int().min(1).max(7 * 86400).default(DEFAULT_TOLERANCE_SECONDS);
const secret = z.string().min(1);
// RFC 9110 token characters: anything else could never arrive as a header name.
const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "must be a valid HTTP header name");

const genericHmac = z
  .object({
    provider: z.literal("generic_hmac"),
    secret,
    algorithm: z.enum(["sha1", "sha256", "sha512"]).default("sha256"),
    header: headerName,
    encoding: z.enum(["hex", "base64"]).default("hex"),
    /** Text before the signature in the header, such as "sha256=". */
    prefix: z.string().default(""),
    /** What was signed: {body}, with optional {timestamp} and {id} taken from the headers below. */
    signedContent: z.string().default("{body}"),
    timestampHeader: headerName.optional(),
    idHeader: headerName.optional(),
    toleranceSeconds: tolerance,
  })
  .superRefine((config, ctx) => {
    if (!config.signedContent.includes("{body}")) {
      ctx.addIssue({ code: "custom", path: ["signedContent"], message: "must include {body}, or the body would be unsigned" });
    }
    // A timestamp that is not signed can be changed freely, so it would protect against nothing.
    if (config.signedContent.includes("{timestamp}") !== Boolean(config.timestampHeader)) {
      ctx.addIssue({
        code: "custom",
        path: ["timestampHeader"],
        message: "is required exactly when signedContent includes {timestamp}",
      });
    }
    if (config.signedContent.includes("{id}") && !config.idHeader) {
      ctx.addIssue({ code: "custom", path: ["idHeader"], message: "is required when signedContent includes {id}" });
    }
  });

export const inboundVerificationSchema = z.discriminatedUnion("provider", [
  z.object({
    provider: z.literal("standard_webhooks"),
    secret: secret.refine((value) => {
      try {
        parseSecret(value);
        return true;
      } catch {
        return false;
      }
    }, "must be a whsec_ secret with a base64 key"),
    toleranceSeconds: tolerance,
  }),
  z.object({ provider: z.literal("stripe"), secret, toleranceSeconds: tolerance }),
  z.object({ provider: z.literal("github"), secret }),
  z.object({ provider: z.literal("shopify"), secret }),
  z.object({ provider: z.literal("slack"), secret, toleranceSeconds: tolerance }),
  /** The secret is the account's auth token. */
  z.object({ provider: z.literal("twilio"), secret }),
  genericHmac,
  z.object({ provider: z.literal("basic_auth"), username: z.string().min(1), password: z.string().min(1) }),
  z.object({ provider: z.literal("api_key_header"), header: headerName, value: z.string().min(1) }),
  z.object({ provider: z.literal("none") }),
]);

/** A preset as stored or written by hand; defaults are filled in by verifyInbound. */
export type InboundVerification = z.input<typeof inboundVerificationSchema>;
export type InboundProvider = InboundVerification["provider"];

export type InboundFailureReason =
  | "missing_header"
  | "malformed_header"
  | "bad_timestamp"
  | "timestamp_too_old"
  | "timestamp_in_future"
  | "no_matching_signature"
  /** The signature is right for the body as JSON.stringify would write it: something re-serialized the body. */
  | "reserialized_json"
  /** The signature is right under different settings (encoding, algorithm, prefix) than the source has. */
  | "config_mismatch"
  /** The request carries a body that its signature scheme does not cover. */
  | "unsigned_body"
  | "invalid_credentials";

export type InboundVerifyResult =
  | { ok: true; deliveryId?: string; timestamp?: number }
  | { ok: false; reason: InboundFailureReason; detail: string };

export type InboundRequest = {
  rawBody: Buffer;
  headers: HeaderInput;
  /** The full URL the sender called; Twilio signs it. */
  url: string;
  /** Unix seconds; defaults to the clock. */
  now?: number;
};

type Failure = Extract<InboundVerifyResult, { ok: false }>;

// Each provider's signature over a body, the one computation both its verifier and signInbound use.
// Stripe keys the HMAC with the whole secret string, whsec_ prefix included, unlike Standard Webhooks.
const stripeSignature = (secret: string, timestamp: number, body: Buffer) => hmac("sha256", secret, `${timestamp}.`, body).toString("hex");
const githubSignature = (secret: string, body: Buffer) => hmac("sha256", secret, body).toString("hex");
const shopifySignature = (secret: string, body: Buffer) => hmac("sha256", secret, body).toString("base64");
const slackSignature = (secret: string, timestamp: number, body: Buffer) => hmac("sha256", secret, `v0:${timestamp}:`, body).toString("hex");
type Header = (name: string) => string | undefined;

const fail = (reason: InboundFailureReason, detail: string): Failure => ({ ok: false, reason, detail });
const missing = (name: string) => fail("missing_header", `missing ${name} header`);

/**
 * Called once the signature did not match: if it matches the body re-serialized the usual ways, a framework
 * or proxy parsed and re-wrote the JSON before it reached us (or the sender signed something else than it
 * sent), which is worth saying. Diagnosis only runs on failures, so it costs nothing on the happy path.
 */
function mismatch(rawBody: Buffer, matchesBody: (body: Buffer) => boolean, detail: string): Failure {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return fail("no_matching_signature", detail);
  }
  const variants = [
    { label: "JSON.stringify(JSON.parse(body))", text: JSON.stringify(parsed) },
    { label: "JSON.stringify(JSON.parse(body), null, 2)", text: JSON.stringify(parsed, null, 2) },
  ];
  for (const { label, text } of variants) {
    const body = Buffer.from(text, "utf8");
    if (!body.equals(rawBody) && matchesBody(body)) {
      return fail(
        "reserialized_json",
        `signature computed over re-serialized JSON (${label}), not the raw bytes received; sign and verify the exact bytes sent`,
      );
    }
  }
  return fail("no_matching_signature", detail);
}

function timestampFrom(value: string, header: string): number | Failure {
  const seconds = parseUnixSeconds(value);
  return seconds ?? fail("bad_timestamp", `${header} ${JSON.stringify(value)} is not whole unix seconds`);
}

function verifyStandard(
  config: { secret: string; toleranceSeconds: number },
  request: InboundRequest,
  now: number,
): InboundVerifyResult {
  const base = { headers: request.headers, secret: config.secret, toleranceSeconds: config.toleranceSeconds, now };
  const result = verifyStandardWebhook({ ...base, body: request.rawBody });
  if (result.ok) return { ok: true, deliveryId: result.id, timestamp: result.timestamp };
  if (result.reason !== "no_matching_signature") return result;
  return mismatch(request.rawBody, (body) => verifyStandardWebhook({ ...base, body }).ok, result.detail);
}

function verifyStripe(
  config: { secret: string; toleranceSeconds: number },
  request: InboundRequest,
  header: Header,
  now: number,
): InboundVerifyResult {
  const value = header("stripe-signature");
  if (!value) return missing("Stripe-Signature");
  const pairs = value.split(",").map((item) => {
    const at = item.indexOf("=");
    return at < 0 ? ["", ""] : [item.slice(0, at).trim(), item.slice(at + 1).trim()];
  });
  const timestamps = pairs.filter(([key]) => key === "t").map(([, v]) => v);
  const offered = pairs.filter(([key]) => key === "v1").map(([, v]) => v.toLowerCase());
  if (timestamps.length !== 1) return fail("malformed_header", "Stripe-Signature must carry exactly one t= timestamp");
  if (offered.length === 0) return fail("malformed_header", "Stripe-Signature has no v1= signature");

  const timestamp = timestampFrom(timestamps[0], "Stripe-Signature t=");
  if (typeof timestamp !== "number") return timestamp;
  const stale = checkTimestamp(timestamp, now, config.toleranceSeconds);
  if (stale) return stale;

  const matches = (body: Buffer) => anyMatch(offered, [stripeSignature(config.secret, timestamp, body)]);
  if (matches(request.rawBody)) return { ok: true, timestamp };
  return mismatch(request.rawBody, matches, `none of the ${offered.length} v1 signature(s) matches the body under the configured signing secret`);
}

function verifyGithub(config: { secret: string }, request: InboundRequest, header: Header): InboundVerifyResult {
  const value = header("x-hub-signature-256");
  if (!value) {
    return header("x-hub-signature")
      ? missing("X-Hub-Signature-256 (only the legacy SHA-1 X-Hub-Signature was sent; GitHub adds the SHA-256 one when the webhook has a secret)")
      : missing("X-Hub-Signature-256 (is a secret set on the GitHub webhook?)");
  }
  if (!value.startsWith("sha256=")) return fail("malformed_header", 'X-Hub-Signature-256 must start with "sha256="');
  const offered = [value.slice("sha256=".length).toLowerCase()];
  const matches = (body: Buffer) => anyMatch(offered, [githubSignature(config.secret, body)]);
  if (matches(request.rawBody)) return { ok: true, deliveryId: header("x-github-delivery") };
  return mismatch(request.rawBody, matches, "X-Hub-Signature-256 does not match the body under the configured secret");
}

function verifyShopify(config: { secret: string }, request: InboundRequest, header: Header): InboundVerifyResult {
  const value = header("x-shopify-hmac-sha256");
  if (!value) return missing("X-Shopify-Hmac-Sha256");
  const matches = (body: Buffer) => anyMatch([value.trim()], [shopifySignature(config.secret, body)]);
  if (matches(request.rawBody)) return { ok: true, deliveryId: header("x-shopify-webhook-id") };
  return mismatch(
    request.rawBody,
    matches,
    "X-Shopify-Hmac-Sha256 does not match the body under the configured secret (Shopify signs with the app's client secret)",
  );
}

function verifySlack(
  config: { secret: string; toleranceSeconds: number },
  request: InboundRequest,
  header: Header,
  now: number,
): InboundVerifyResult {
  const timestampValue = header("x-slack-request-timestamp");
  const value = header("x-slack-signature");
  if (!timestampValue) return missing("X-Slack-Request-Timestamp");
  if (!value) return missing("X-Slack-Signature");
  if (!value.startsWith("v0=")) return fail("malformed_header", 'X-Slack-Signature must start with "v0="');
  const timestamp = timestampFrom(timestampValue, "X-Slack-Request-Timestamp");
  if (typeof timestamp !== "number") return timestamp;
  const stale = checkTimestamp(timestamp, now, config.toleranceSeconds);
  if (stale) return stale;

  const offered = [value.slice(3).toLowerCase()];
  const matches = (body: Buffer) => anyMatch(offered, [slackSignature(config.secret, timestamp, body)]);
  if (matches(request.rawBody)) return { ok: true, timestamp };
  return mismatch(request.rawBody, matches, "X-Slack-Signature does not match the body under the configured signing secret");
}

/**
 * Twilio may have signed the URL with or without the default port, depending on the product, so its own
 * libraries try both. This works on the raw string because URL parsing would normalise what Twilio signed.
 */
function twilioUrlVariants(url: string): string[] {
  const match = /^(https?):\/\/([^/?#]+)(.*)$/i.exec(url);
  if (!match) return [url];
  const [, scheme, authority, rest] = match;
  const host = authority.replace(/:\d+$/, "");
  const defaultPort = scheme.toLowerCase() === "https" ? 443 : 80;
  const variants = [url, `${scheme}://${host}${rest}`, `${scheme}://${host}:${defaultPort}${rest}`];
  return [...new Set(variants)];
}

/** Twilio's data to sign: the URL, then each form parameter sorted by name as name+value (values sorted too). */
function twilioSignedData(url: string, params: URLSearchParams | null): string {
  if (!params) return url;
  let data = url;
  for (const name of [...new Set(params.keys())].sort()) {
    // Twilio's own libraries de-duplicate and sort repeated parameters, so the same is done here.
    for (const value of [...new Set(params.getAll(name))].sort()) data += name + value;
  }
  return data;
}

function verifyTwilio(config: { secret: string }, request: InboundRequest, header: Header): InboundVerifyResult {
  const value = header("x-twilio-signature");
  if (!value) return missing("X-Twilio-Signature");
  const isForm = (header("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");

  // JSON bodies are covered by a bodySHA256 query parameter in the signed URL instead of by the parameters.
  const bodyHash = /[?&]bodySHA256=([^&#]*)/.exec(request.url)?.[1];
  if (!isForm) {
    if (bodyHash === undefined && request.rawBody.length > 0) {
      return fail("unsigned_body", "the body is not form-encoded and the URL has no bodySHA256 parameter, so the signature does not cover it");
    }
    const actual = createHash("sha256").update(request.rawBody).digest("hex");
    if (bodyHash !== undefined && !safeEqual(bodyHash.toLowerCase(), actual)) {
      return fail("no_matching_signature", "the body does not match the bodySHA256 parameter of the signed URL");
    }
  }
  const params = isForm ? new URLSearchParams(request.rawBody.toString("utf8")) : null;
  const expected = twilioUrlVariants(request.url).map((url) =>
    hmac("sha1", config.secret, twilioSignedData(url, params)).toString("base64"),
  );
  if (anyMatch([value.trim()], expected)) return { ok: true, deliveryId: header("i-twilio-idempotency-token") };
  return fail(
    "no_matching_signature",
    `X-Twilio-Signature does not match ${request.url} under the configured auth token; Twilio signs the exact public URL it called, so a proxy that changes the scheme, host or path breaks it`,
  );
}

type GenericHmacConfig = z.output<typeof genericHmac>;

function genericSignedParts(template: string, values: { body: Buffer; timestamp?: string; id?: string }): (string | Buffer)[] {
  return template
    .split(/(\{body\}|\{timestamp\}|\{id\})/)
    .filter((part) => part !== "")
    .map((part) => {
      if (part === "{body}") return values.body;
      if (part === "{timestamp}") return values.timestamp ?? "";
      if (part === "{id}") return values.id ?? "";
      return part;
    });
}

const HMAC_ALGORITHMS = ["sha256", "sha1", "sha512"] as const;
const ENCODINGS = ["hex", "base64"] as const;

// Hex is case-insensitive; base64 is compared exactly.
const normalise = (text: string, encoding: "hex" | "base64") => (encoding === "hex" ? text.toLowerCase() : text);

/**
 * The commonest setup mistakes leave a signature that is valid under slightly different settings (another
 * algorithm or encoding, or a prefix such as "sha256=" that the source does not strip): find and name them.
 */
function genericSettingsMismatch(config: GenericHmacConfig, offered: string, digest: (algorithm: HmacAlgorithm) => Buffer): Failure | null {
  const extraPrefix = /^[A-Za-z0-9_-]+=/.exec(offered)?.[0] ?? "";
  for (const algorithm of HMAC_ALGORITHMS) {
    const mac = digest(algorithm);
    for (const encoding of ENCODINGS) {
      for (const strip of new Set(["", extraPrefix])) {
        if (algorithm === config.algorithm && encoding === config.encoding && strip === "") continue;
        if (!safeEqual(normalise(offered.slice(strip.length), encoding), mac.toString(encoding))) continue;
        const differences = [
          algorithm !== config.algorithm && `algorithm ${algorithm} (configured: ${config.algorithm})`,
          encoding !== config.encoding && `encoding ${encoding} (configured: ${config.encoding})`,
          strip && `prefix ${JSON.stringify(config.prefix + strip)} (configured: ${JSON.stringify(config.prefix)})`,
        ].filter(Boolean);
        return fail("config_mismatch", `the signature is valid with ${differences.join(", ")}: update the source's verification settings`);
      }
    }
  }
  return null;
}

function verifyGeneric(config: GenericHmacConfig, request: InboundRequest, header: Header, now: number): InboundVerifyResult {
  const value = header(config.header)?.trim();
  if (!value) return missing(config.header);

  let timestamp: number | undefined;
  const timestampValue = config.timestampHeader ? header(config.timestampHeader)?.trim() : undefined;
  if (config.timestampHeader) {
    if (!timestampValue) return missing(config.timestampHeader);
    const parsed = timestampFrom(timestampValue, config.timestampHeader);
    if (typeof parsed !== "number") return parsed;
    const stale = checkTimestamp(parsed, now, config.toleranceSeconds);
    if (stale) return stale;
    timestamp = parsed;
  }
  const id = config.idHeader ? header(config.idHeader) : undefined;
  if (config.signedContent.includes("{id}") && !id) return missing(config.idHeader ?? "id");

  if (!value.startsWith(config.prefix)) {
    return fail("malformed_header", `${config.header} does not start with the configured prefix ${JSON.stringify(config.prefix)}`);
  }
  const offered = value.slice(config.prefix.length);
  const digest = (algorithm: HmacAlgorithm, body: Buffer) =>
    hmac(algorithm, config.secret, ...genericSignedParts(config.signedContent, { body, timestamp: timestampValue, id }));
  const matches = (body: Buffer) =>
    anyMatch([normalise(offered, config.encoding)], [digest(config.algorithm, body).toString(config.encoding)]);
  if (matches(request.rawBody)) return { ok: true, deliveryId: id, timestamp };

  return (
    genericSettingsMismatch(config, offered, (algorithm) => digest(algorithm, request.rawBody)) ??
    mismatch(request.rawBody, matches, `${config.header} does not match the signed content under the configured secret`)
  );
}

function verifyBasicAuth(config: { username: string; password: string }, header: Header): InboundVerifyResult {
  const value = header("authorization");
  if (!value) return missing("Authorization");
  const match = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(value);
  if (!match) return fail("malformed_header", "Authorization is not Basic credentials");
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return fail("malformed_header", "Basic credentials have no ':' between username and password");
  // Both halves are always compared, so timing does not reveal whether the username was right.
  const userOk = safeEqual(decoded.slice(0, colon), config.username);
  const passwordOk = safeEqual(decoded.slice(colon + 1), config.password);
  return userOk && passwordOk ? { ok: true } : fail("invalid_credentials", "username or password is wrong");
}

function verifyApiKeyHeader(config: { header: string; value: string }, header: Header): InboundVerifyResult {
  const value = header(config.header);
  if (!value) return missing(config.header);
  return safeEqual(value, config.value) ? { ok: true } : fail("invalid_credentials", `${config.header} does not hold the expected key`);
}

/**
 * Verifies an inbound request against its source's preset. Throws only when the preset itself is invalid
 * (a configuration bug); every problem with the request is a result with a reason and a detail.
 */
export function verifyInbound(preset: InboundVerification, request: InboundRequest): InboundVerifyResult {
  const config = inboundVerificationSchema.parse(preset);
  const header = headerReader(request.headers);
  const now = request.now ?? nowInSeconds();
  switch (config.provider) {
    case "standard_webhooks":
      return verifyStandard(config, request, now);
    case "stripe":
      return verifyStripe(config, request, header, now);
    case "github":
      return verifyGithub(config, request, header);
    case "shopify":
      return verifyShopify(config, request, header);
    case "slack":
      return verifySlack(config, request, header, now);
    case "twilio":
      return verifyTwilio(config, request, header);
    case "generic_hmac":
      return verifyGeneric(config, request, header, now);
    case "basic_auth":
      return verifyBasicAuth(config, header);
    case "api_key_header":
      return verifyApiKeyHeader(config, header);
    case "none":
      return { ok: true };
  }
}

/** The providers signInbound can sign as: the ones the testing page has provider samples for. */
export const SIGNABLE_PROVIDERS = ["stripe", "github", "shopify", "slack"] as const;
export type SignableProvider = (typeof SIGNABLE_PROVIDERS)[number];

/**
 * The signature headers the provider would send with this body (the testing page's "sign as the provider and post it
 * to the source"), computed as its verifier checks them, so a request signed here with the source's own preset must be
 * accepted by that source. `timestamp` is unix seconds.
 */
export function signInbound(preset: Extract<InboundVerification, { provider: SignableProvider }>, body: Buffer, timestamp: number = nowInSeconds()): Record<string, string> {
  switch (preset.provider) {
    case "stripe":
      return { "stripe-signature": `t=${timestamp},v1=${stripeSignature(preset.secret, timestamp, body)}` };
    case "github":
      return { "x-hub-signature-256": `sha256=${githubSignature(preset.secret, body)}` };
    case "shopify":
      return { "x-shopify-hmac-sha256": shopifySignature(preset.secret, body) };
    case "slack":
      return { "x-slack-request-timestamp": String(timestamp), "x-slack-signature": `v0=${slackSignature(preset.secret, timestamp, body)}` };
  }
}
