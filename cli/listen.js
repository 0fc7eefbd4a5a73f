// `switchboard listen`: forwards a source's requests to a local server, like `stripe listen` or `hookdeck listen`.
//
// It streams the source's accepted requests over server-sent events, re-sends each to the local target with the same
// method, path suffix, headers and body, prints a line per request, and posts the target's answer back so the
// dashboard's inspector shows it. Requests are handled one at a time, in order. The server resumes this listener
// (named by --name, the host name by default) after the last request it answered, so a restarted CLI gets what it
// missed and nothing twice; within one run, a reconnect sends Last-Event-ID and repeats are dropped by id.
import http from "node:http";
import https from "node:https";
import os from "node:os";
import { HOP_HEADERS } from "../lib/net/hop-headers.js";
import { createSseParser } from "./sse.js";

const MAX_BODY_REPORTED = 20 * 1024;
const SEEN_MEMORY = 5_000;

/** The target URL for a request: the --forward-to URL with the request's path suffix and query appended. */
export function targetUrl(forwardTo, path, query) {
  const base = new URL(forwardTo);
  if (path) base.pathname = `${base.pathname.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
  if (query) base.search = base.search ? `${base.search}&${query}` : `?${query}`;
  return base.toString();
}

/** Header pairs as received, minus hop headers, in the shape node:http takes (repeats become arrays). */
export function forwardHeaders(pairs) {
  const out = {};
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    if (HOP_HEADERS.has(lower)) continue;
    if (out[lower] === undefined) out[lower] = value;
    else out[lower] = [].concat(out[lower], value);
  }
  return out;
}

/** Sends one request with node:http, which adds nothing of its own beyond Host and Content-Length. */
export function forward(url, method, headers, body, timeoutMs = 30_000) {
  return new Promise((resolve) => {
    const started = performance.now();
    const target = new URL(url);
    const client = target.protocol === "https:" ? https : http;
    const done = (result) => resolve({ ...result, durationMs: Math.round(performance.now() - started) });
    const request = client.request(target, { method, headers: { ...headers, "content-length": String(body.length) }, timeout: timeoutMs }, (response) => {
      const chunks = [];
      let size = 0;
      response.on("data", (chunk) => {
        if (size < MAX_BODY_REPORTED) chunks.push(chunk);
        size += chunk.length;
      });
      response.on("end", () => {
        const flat = {};
        for (const [name, value] of Object.entries(response.headers)) flat[name] = Array.isArray(value) ? value.join(", ") : String(value);
        done({ status: response.statusCode ?? null, headers: flat, body: Buffer.concat(chunks).toString("utf8").slice(0, MAX_BODY_REPORTED), error: null });
      });
      response.on("error", (error) => done({ status: response.statusCode ?? null, headers: {}, body: "", error: error.message }));
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on("error", (error) => done({ status: null, headers: {}, body: "", error: error.message || String(error.code) }));
    request.end(body);
  });
}

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
  }
}

function api(options) {
  const base = options.apiUrl.replace(/\/+$/, "");
  return async (method, path, body) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${options.apiKey}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  };
}

/** The source named on the command line, created (with a generated secret) when no source has that name yet. */
async function resolveSource(call, name, provider, log) {
  try {
    return await call("GET", `/sources/${encodeURIComponent(name)}`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404 || name.startsWith("src_")) throw error;
  }
  const created = await call("POST", "/sources", { name, verification: { provider } });
  log(`Created source "${name}".`);
  return created;
}

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Runs the tunnel until `signal` aborts. The request being forwarded when it aborts is finished and answered first,
 * so stopping with Ctrl-C (or SIGTERM) loses nothing.
 */
export async function listen(options) {
  const log = options.log ?? ((line) => console.log(line));
  const listener = options.listener || os.hostname() || "default";
  const call = api(options);
  const source = await resolveSource(call, options.source, options.provider ?? "standard_webhooks", log);
  const { secrets } = await call("GET", `/sources/${source.id}/secret`);
  const secret = secrets.secret ?? secrets.value ?? secrets.password ?? "(none: this source does not verify requests)";

  log(`Source:      ${source.name} (${source.id})`);
  log(`URL:         ${source.url}`);
  log(`Secret:      ${secret}`);
  log(`Forwarding:  ${options.forwardTo}  (listener "${listener}")`);

  const seen = new Set();
  const queue = [];
  let wake = () => {};
  let lastEventId = null;
  const { signal } = options;

  async function handle(request) {
    const url = targetUrl(options.forwardTo, request.path, request.query);
    const body = request.body ? Buffer.from(request.body, "base64") : Buffer.alloc(0);
    const result = await forward(url, request.method, forwardHeaders(request.headers), body);
    const outcome = result.status !== null ? String(result.status) : `error: ${result.error}`;
    log(`${new Date().toISOString()}  ${request.method} ${new URL(url).pathname}${new URL(url).search} -> ${outcome} (${result.durationMs} ms)  ${request.id}`);
    const report = { listener, targetUrl: url, status: result.status, headers: result.headers, body: result.body, durationMs: result.durationMs, error: result.error };
    for (let attempt = 1; ; attempt++) {
      try {
        await call("POST", `/sources/${source.id}/requests/${request.id}/responses`, report);
        return;
      } catch (error) {
        // Not answered means it would come again on restart; keep trying for a while before giving up on the report.
        if (attempt >= 5) return log(`Could not report the answer for ${request.id}: ${error.message}`);
        await sleep(500 * attempt);
      }
    }
  }

  // Stopping finishes the request in hand; queued ones stay unanswered, so the next run gets them.
  const worker = (async () => {
    for (;;) {
      if (signal.aborted) return;
      const next = queue.shift();
      if (next) {
        await handle(next);
        continue;
      }
      await new Promise((resolve) => {
        wake = resolve;
        signal.addEventListener("abort", resolve, { once: true });
      });
    }
  })();

  let backoff = 500;
  let announced = false;
  while (!signal.aborted) {
    try {
      const headers = { authorization: `Bearer ${options.apiKey}`, accept: "text/event-stream" };
      if (lastEventId) headers["last-event-id"] = lastEventId;
      const response = await fetch(`${options.apiUrl.replace(/\/+$/, "")}/api/v1/sources/${source.id}/stream?listener=${encodeURIComponent(listener)}`, { headers, signal });
      if (!response.ok || !response.body) {
        const body = await response.json().catch(() => null);
        throw new ApiError(response.status, body);
      }
      const parse = createSseParser();
      const decoder = new TextDecoder();
      for await (const chunk of response.body) {
        for (const event of parse(decoder.decode(chunk, { stream: true }))) {
          if (event.id) lastEventId = event.id;
          if (event.event === "ready") {
            backoff = 500;
            if (!announced) log("Ready. Waiting for requests (Ctrl-C to stop).");
            else log("Reconnected.");
            announced = true;
          } else if (event.event === "request") {
            const request = JSON.parse(event.data);
            if (seen.has(request.id)) continue;
            seen.add(request.id);
            if (seen.size > SEEN_MEMORY) seen.delete(seen.values().next().value);
            queue.push(request);
            wake();
          }
        }
      }
      if (!signal.aborted) log("The stream ended; reconnecting.");
    } catch (error) {
      if (signal.aborted) break;
      if (error instanceof ApiError && [401, 403, 404].includes(error.status)) throw error;
      log(`Connection lost (${error.message}); reconnecting.`);
    }
    await sleep(backoff, signal);
    backoff = Math.min(backoff * 2, 5_000);
  }
  wake();
  await worker;
}
