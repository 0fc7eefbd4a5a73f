import { randomBytes } from "node:crypto";
import {
  anyMatch,
  checkTimestamp,
  headerReader,
  hmac,
  nowInSeconds,
  parseUnixSeconds,
  type HeaderInput,
  type TimestampFailure,
} from "@/lib/signing/common";

/**
 * Standard Webhooks (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp` and
 * `webhook-signature` = space-separated `v1,<base64 HMAC-SHA256(key, id.timestamp.body)>`, where the key is
 * the base64-decoded secret after `whsec_`.
 */

export const SECRET_PREFIX = "whsec_";
export const DEFAULT_TOLERANCE_SECONDS = 300;
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;

export function generateEndpointSecret(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) {
    throw new RangeError(`A signing secret must have ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} random bytes`);
  }
  return SECRET_PREFIX + randomBytes(bytes).toString("base64");
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** The HMAC key of a `whsec_` secret. Throws on an empty or non-base64 secret rather than signing with junk. */
export function parseSecret(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (encoded === "") throw new Error("The signing secret is empty");
  if (!BASE64.test(encoded)) throw new Error("The signing secret is not base64 after its whsec_ prefix");
  return Buffer.from(encoded, "base64");
}

/** Accepts a non-negative integer, or its header form (digits only). */
function signingTimestamp(timestamp: number | string): number {
  const value = typeof timestamp === "string" ? parseUnixSeconds(timestamp) : timestamp;
  if (value === null || !Number.isSafeInteger(value) || value < 0) {
    throw new Error(`Invalid webhook timestamp ${JSON.stringify(timestamp)}: expected whole unix seconds`);
  }
  return value;
}

export type SignInput = {
  id: string;
  /** Unix seconds. */
  timestamp: number | string;
  body: string | Buffer;
  /** One signature per secret: during a rotation overlap the old and new secrets both sign. */
  secrets: readonly string[];
};

function signature(key: Buffer, id: string, timestamp: number, body: string | Buffer): string {
  return hmac("sha256", key, `${id}.${timestamp}.`, body).toString("base64");
}

/** The `webhook-signature` header value: `v1,<sig>` per secret, space-separated. */
export function sign({ id, timestamp, body, secrets }: SignInput): string {
  if (!id) throw new Error("A webhook id is required");
  if (secrets.length === 0) throw new Error("At least one signing secret is required");
  const seconds = signingTimestamp(timestamp);
  return secrets.map((secret) => `v1,${signature(parseSecret(secret), id, seconds, body)}`).join(" ");
}

export function signatureHeaders(input: SignInput): {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
} {
  return {
    "webhook-id": input.id,
    "webhook-timestamp": String(signingTimestamp(input.timestamp)),
    "webhook-signature": sign(input),
  };
}

/**
 * The same three values under Svix's names (`svix-id`, `svix-timestamp`, `svix-signature`): Svix's scheme is Standard
 * Webhooks under another prefix, so receivers written against Svix verify these unchanged.
 */
export function svixSignatureHeaders(headers: ReturnType<typeof signatureHeaders>): { "svix-id": string; "svix-timestamp": string; "svix-signature": string } {
  return { "svix-id": headers["webhook-id"], "svix-timestamp": headers["webhook-timestamp"], "svix-signature": headers["webhook-signature"] };
}

export type VerifyFailureReason = "missing_header" | TimestampFailure["reason"] | "no_matching_signature";

export type VerifyResult =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; reason: VerifyFailureReason; detail: string };

type VerifyCommon = {
  body: string | Buffer;
  /** Several secrets are tried in turn, for a receiver in the middle of a rotation. */
  secret: string | readonly string[];
  toleranceSeconds?: number;
  /** Unix seconds; defaults to the clock. */
  now?: number;
};

export type VerifyInput =
  | (VerifyCommon & { headers: HeaderInput })
  | (VerifyCommon & { id?: string; timestamp?: string; signatureHeader?: string });

export function verify(input: VerifyInput): VerifyResult {
  let id: string | undefined;
  let timestampHeader: string | undefined;
  let signatureHeader: string | undefined;
  if ("headers" in input) {
    const header = headerReader(input.headers);
    [id, timestampHeader, signatureHeader] = ["webhook-id", "webhook-timestamp", "webhook-signature"].map(header);
  } else {
    ({ id, timestamp: timestampHeader, signatureHeader } = input);
  }
  if (!id || !timestampHeader || !signatureHeader) {
    const present = { "webhook-id": id, "webhook-timestamp": timestampHeader, "webhook-signature": signatureHeader };
    const missing = Object.entries(present).filter(([, value]) => !value).map(([name]) => name);
    return { ok: false, reason: "missing_header", detail: `missing ${missing.join(", ")} header` };
  }

  const timestamp = parseUnixSeconds(timestampHeader);
  if (timestamp === null) {
    return {
      ok: false,
      reason: "bad_timestamp",
      detail: `webhook-timestamp ${JSON.stringify(timestampHeader)} is not whole unix seconds`,
    };
  }
  const stale = checkTimestamp(timestamp, input.now ?? nowInSeconds(), input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
  if (stale) return stale;

  const secrets = typeof input.secret === "string" ? [input.secret] : input.secret;
  const expected = secrets.map((secret) => signature(parseSecret(secret), id, timestamp, input.body));
  // Entries of other versions (v1a for asymmetric keys, future versions) are skipped, as the spec asks.
  const offered = signatureHeader
    .split(" ")
    .filter((entry) => entry.startsWith("v1,"))
    .map((entry) => entry.slice(3));
  if (anyMatch(offered, expected)) return { ok: true, id, timestamp };
  return {
    ok: false,
    reason: "no_matching_signature",
    detail:
      offered.length === 0
        ? "webhook-signature has no v1 signature"
        : `none of the ${offered.length} v1 signature(s) matches the body under the configured secret`,
  };
}
