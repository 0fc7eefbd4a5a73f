import dns from "node:dns";
import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import type { Readable } from "node:stream";
import { Agent, buildConnector, request } from "undici";
import { parseRetryAfter } from "@/lib/net/retry-after";
import { checkTarget, parseHostLiteral, policyFromEnv, validateTargetUrl, type TargetPolicy, type UrlCheck } from "@/lib/net/ssrf";

/**
 * The SSRF-safe HTTP client for webhook delivery (DESIGN §7, §8).
 * Every address is checked twice: each DNS answer before a connection is opened, and the peer of the connected socket,
 * so neither a hostname that resolves inward nor a resolver that changes its answer can reach a forbidden address.
 */

export const MAX_TIMEOUT_MS = 15_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024;

export type DeliveryErrorClass =
  | "dns"
  | "connect"
  | "timeout"
  | "tls"
  | "ssrf_blocked"
  | "http_status"
  | "redirect"
  | "invalid_url"
  | "network";

export interface DeliveryResult {
  /** True only for a 2xx response that arrived completely within the deadline. */
  ok: boolean;
  status?: number;
  headers?: Record<string, string>;
  /** The response body, cut to maxResponseBytes. */
  body?: string;
  bodyTruncated: boolean;
  durationMs: number;
  errorClass?: DeliveryErrorClass;
  errorMessage?: string;
  /** From Retry-After (delay-seconds or HTTP date), in seconds from now. */
  retryAfterSeconds?: number;
  /** The receiver answered `webhook-delivery: abort-message`: it wants no further attempts. */
  abortRequested: boolean;
}

/** Raised when a target address is forbidden by the policy; the HTTP client reports it as `ssrf_blocked`. */
/**
 * A refused target. The message, which reaches the attempt log and the caller, names only the host they gave: which
 * internal address a name resolved to (and what kind) would map the private network for them. The server log has it.
 */
export class SsrfBlockedError extends Error {
  readonly code = "ERR_SSRF_BLOCKED";
  constructor(host: string, address: string, range: string) {
    super(host === address ? `${host} is not an address webhooks may be sent to.` : `${host} resolves to an address webhooks may not be sent to.`);
    this.name = "SsrfBlockedError";
    console.warn(JSON.stringify({ level: "warn", msg: "outbound request refused by the SSRF policy", host, address, range }));
  }
}

/** Resolves all addresses of a name and refuses the lot if any is forbidden, so no fallback can land on a bad one. */
function guardedLookup(policy: TargetPolicy, resolve: LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, result) => {
      if (error) return callback(error, []);
      const addresses = result as LookupAddress[];
      if (addresses.length === 0) {
        return callback(Object.assign(new Error(`${hostname} has no addresses`), { code: "ENOTFOUND" }), []);
      }
      for (const { address } of addresses) {
        const verdict = checkTarget(address, policy);
        if (!verdict.allowed) return callback(new SsrfBlockedError(hostname, address, verdict.range), []);
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * Wraps an undici connector so that an IP-literal host is checked before connecting (Node skips the DNS lookup for
 * those) and the connected socket's peer address is checked before any request byte is written.
 */
export function guardPeerAddress(connect: buildConnector.connector, policy: TargetPolicy): buildConnector.connector {
  return (options, callback) => {
    const literal = parseHostLiteral(options.hostname);
    if (literal !== null) {
      const verdict = checkTarget(literal, policy);
      if (!verdict.allowed) return callback(new SsrfBlockedError(options.hostname, literal, verdict.range), null);
    }
    connect(options, (error, socket) => {
      if (error) return callback(error, null);
      const peer = socket.remoteAddress ?? "";
      const verdict = checkTarget(peer, policy);
      if (!verdict.allowed) {
        socket.destroy();
        return callback(new SsrfBlockedError(options.hostname, peer || "an unknown address", verdict.range), null);
      }
      callback(null, socket);
    });
  };
}

declare const safeAgentBrand: unique symbol;
/** An undici Agent whose every connection passes the SSRF checks; only createSafeAgent makes one. */
export type SafeAgent = Agent & { readonly [safeAgentBrand]: true };

export interface SafeAgentOptions {
  policy: TargetPolicy;
  connectTimeoutMs?: number;
  /** The DNS resolver; tests inject one so a made-up name can resolve to loopback without real DNS. */
  lookup?: LookupFunction;
}

/** A keep-alive agent (one connection pool per origin) whose connections are all SSRF-checked. */
export function createSafeAgent({
  policy,
  connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS,
  lookup = dns.lookup,
}: SafeAgentOptions): SafeAgent {
  const connect = buildConnector({ timeout: connectTimeoutMs, lookup: guardedLookup(policy, lookup) });
  return new Agent({
    connect: guardPeerAddress(connect, policy),
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
  }) as SafeAgent;
}

// One shared agent per policy and connect timeout; in practice that is a single agent for the process. The key of a
// policy object is remembered, since this runs on every attempt.
const sharedAgents = new Map<string, SafeAgent>();
const policyKeys = new WeakMap<TargetPolicy, string>();

function sharedAgent(policy: TargetPolicy, connectTimeoutMs: number): SafeAgent {
  let policyKey = policyKeys.get(policy);
  if (policyKey === undefined) {
    policyKey = JSON.stringify([policy.allowPrivate, policy.allowLoopback === true, [...policy.allowlist]]);
    policyKeys.set(policy, policyKey);
  }
  const key = `${policyKey}:${connectTimeoutMs}`;
  let agent = sharedAgents.get(key);
  if (!agent) {
    agent = createSafeAgent({ policy, connectTimeoutMs });
    sharedAgents.set(key, agent);
  }
  return agent;
}

/** Closes the shared agents and their pooled connections; the next send opens fresh ones. */
export async function closeHttpClient(): Promise<void> {
  const agents = [...sharedAgents.values()];
  sharedAgents.clear();
  await Promise.all(agents.map((agent) => agent.close()));
}

export interface WebhookRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Deadline for the whole exchange, capped at 15 s. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  maxResponseBytes?: number;
  /** Defaults to the environment's policy (ALLOW_PRIVATE_TARGETS, PRIVATE_TARGET_ALLOWLIST). */
  policy?: TargetPolicy;
  /** Defaults to the shared agent for the policy. */
  agent?: SafeAgent;
}

function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  const queue = [error];
  while (queue.length > 0 && chain.length < 20) {
    const current = queue.shift();
    if (current == null) continue;
    chain.push(current);
    if (current instanceof AggregateError) queue.push(...current.errors);
    if (current instanceof Error && current.cause) queue.push(current.cause);
  }
  return chain;
}

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "ENODATA", "ESERVFAIL"]);
const CONNECT_CODES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "ETIMEDOUT"]);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|EPROTO$)/;

/** Names the failure of an exchange that produced no usable response. */
function classifyError(
  error: unknown,
  signal: AbortSignal,
  timeoutMs: number,
  connectTimeoutMs: number,
): { errorClass: DeliveryErrorClass; errorMessage: string } {
  const chain = errorChain(error);
  const blocked = chain.find((e) => e instanceof SsrfBlockedError);
  if (blocked) return { errorClass: "ssrf_blocked", errorMessage: (blocked as Error).message };
  if (signal.aborted) {
    return { errorClass: "timeout", errorMessage: `No complete response within ${timeoutMs} ms.` };
  }
  const codes = chain.map((e) => String((e as { code?: unknown }).code ?? ""));
  const message = chain.map((e) => (e instanceof Error ? e.message : String(e))).find(Boolean) ?? "Unknown network error.";
  if (codes.includes("UND_ERR_CONNECT_TIMEOUT")) {
    return { errorClass: "connect", errorMessage: `Could not connect within ${connectTimeoutMs} ms.` };
  }
  if (codes.some((c) => c === "UND_ERR_HEADERS_TIMEOUT" || c === "UND_ERR_BODY_TIMEOUT")) {
    return { errorClass: "timeout", errorMessage: `No complete response within ${timeoutMs} ms.` };
  }
  if (codes.some((c) => DNS_CODES.has(c))) return { errorClass: "dns", errorMessage: message };
  if (codes.some((c) => TLS_CODE.test(c))) return { errorClass: "tls", errorMessage: message };
  if (codes.some((c) => CONNECT_CODES.has(c))) return { errorClass: "connect", errorMessage: message };
  return { errorClass: "network", errorMessage: message };
}

/**
 * Reads at most `limit` bytes, then destroys the stream so the rest is never received into memory.
 * A read error (the deadline, a reset) is returned with whatever arrived before it. Plain stream events rather than
 * an async iterator: this runs once per attempt, and the iterator's promise per chunk showed up in profiles.
 */
function readCapped(body: Readable, limit: number): Promise<{ bytes: Buffer; truncated: boolean; error?: unknown }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: { bytes: Buffer; truncated: boolean; error?: unknown }) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    body.on("data", (chunk: Buffer) => {
      if (settled) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) {
        settle({ bytes: Buffer.concat(chunks).subarray(0, limit), truncated: true });
        body.destroy();
      }
    });
    body.once("end", () => settle({ bytes: Buffer.concat(chunks), truncated: false }));
    body.once("error", (error) => settle({ bytes: Buffer.concat(chunks).subarray(0, limit), truncated: size > limit, error }));
    // Normally after "end" (and then a no-op); first only when the stream was torn down. The error is made only then:
    // capturing a stack trace on every response showed up in profiles.
    body.once("close", () => {
      if (!settled) settle({ bytes: Buffer.concat(chunks).subarray(0, limit), truncated: size > limit, error: new Error("The response ended early.") });
    });
  });
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

/** The result with its defaults and the time since `started`. */
function finished(started: number, result: Omit<DeliveryResult, "durationMs" | "bodyTruncated" | "abortRequested"> & Partial<DeliveryResult>): DeliveryResult {
  return { bodyTruncated: false, abortRequested: false, ...result, durationMs: Math.round(performance.now() - started) };
}

// Endpoint URLs repeat on every attempt, so each is checked once per policy. The check is pure (resolved and connected
// addresses are checked at connect time), so a remembered verdict never goes stale.
const urlChecks = new WeakMap<TargetPolicy, Map<string, UrlCheck>>();
const MAX_REMEMBERED_URLS = 10_000;

function checkUrl(url: string, policy: TargetPolicy): UrlCheck {
  let checks = urlChecks.get(policy);
  if (!checks) urlChecks.set(policy, (checks = new Map()));
  let check = checks.get(url);
  if (!check) {
    check = validateTargetUrl(url, policy);
    if (checks.size >= MAX_REMEMBERED_URLS) checks.clear();
    checks.set(url, check);
  }
  return check;
}

/**
 * Sends one webhook and reports what happened; it never throws for network or receiver failures.
 * Redirects are not followed: a 3xx is a failed attempt, since following it could lead anywhere.
 */
export async function sendWebhook({
  url,
  method = "POST",
  headers = {},
  body,
  timeoutMs = MAX_TIMEOUT_MS,
  connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS,
  maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES,
  policy = policyFromEnv(),
  agent,
}: WebhookRequest): Promise<DeliveryResult> {
  const started = performance.now();
  const checked = checkUrl(url, policy);
  if (!checked.ok) {
    return finished(started, {
      ok: false,
      errorClass: checked.code === "ssrf_blocked" ? "ssrf_blocked" : "invalid_url",
      errorMessage: checked.message,
    });
  }

  // One deadline for everything (DNS, connect, TLS, headers, body), so a slow drip cannot outlast it. A plain timer
  // and controller rather than AbortSignal.timeout(), whose bookkeeping showed up in profiles of the worker.
  const deadline = Math.min(timeoutMs, MAX_TIMEOUT_MS);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`No complete response within ${deadline} ms.`, "TimeoutError")), deadline);
  const { signal } = controller;
  try {
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(checked.url, {
        method,
        headers,
        body,
        signal,
        dispatcher: agent ?? sharedAgent(policy, connectTimeoutMs),
      });
    } catch (error) {
      return finished(started, { ok: false, ...classifyError(error, signal, deadline, connectTimeoutMs) });
    }

    const responseHeaders = flattenHeaders(response.headers);
    const status = response.statusCode;
    const read = await readCapped(response.body, maxResponseBytes);
    const retryAfter = parseRetryAfter(responseHeaders["retry-after"], Date.now());
    const outcome = {
      status,
      headers: responseHeaders,
      body: read.bytes.toString("utf8"),
      bodyTruncated: read.truncated,
      retryAfterSeconds: retryAfter ?? undefined,
      abortRequested: responseHeaders["webhook-delivery"]?.trim().toLowerCase() === "abort-message",
    };

    // A receiver that sent its status but not its body in time has not finished answering; at-least-once delivery
    // makes retrying the safe reading.
    if (read.error !== undefined) {
      return finished(started, { ok: false, ...outcome, ...classifyError(read.error, signal, deadline, connectTimeoutMs) });
    }
    if (status >= 200 && status < 300) return finished(started, { ok: true, ...outcome });
    if (status >= 300 && status < 400) {
      const location = responseHeaders.location ? ` to ${responseHeaders.location}` : "";
      return finished(started, {
        ok: false,
        ...outcome,
        errorClass: "redirect",
        errorMessage: `The receiver answered ${status} (redirect${location}); redirects are not followed.`,
      });
    }
    return finished(started, { ok: false, ...outcome, errorClass: "http_status", errorMessage: `The receiver answered ${status}.` });
  } finally {
    clearTimeout(timer);
  }
}
