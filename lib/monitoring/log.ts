import pino, { type DestinationStream, type Level, type Logger } from "pino";
import { env } from "@/lib/platform";
import { redactCredentialHeaders } from "@/lib/net";

/**
 * The structured log: one JSON line per API request, inbound request, delivery attempt and scheduled job (pino).
 * Every line names what it is about with the same field names (requestId, workspaceId, applicationId, endpointId,
 * sourceId, messageId, deliveryId), its outcome and its durationMs, so one grep or one log query follows a webhook
 * from the API call to the receiver's answer.
 *
 * Secrets are kept out twice: headers go through lib/net's credential redaction (the rule the stored requests and
 * attempts follow, which keeps a credential's first characters so you can tell which one was sent), and pino's redact
 * paths censor secret-named fields and credential headers wherever a caller put them by mistake.
 */

/** Fields censored wherever they appear one level down (or at the top), whatever the caller logged. */
export const REDACT_PATHS = [
  "secret", "password", "token", "apiKey", "authorization",
  "*.secret", "*.password", "*.token", "*.apiKey", "*.secretEncrypted", "*.signingSecret",
  "headers.authorization", "headers.cookie", "headers[\"proxy-authorization\"]", "headers[\"x-api-key\"]", "headers[\"set-cookie\"]",
];

export const REDACTED = "[redacted]";

/** LOG_LEVEL, else info; tests are silent unless LOG_LEVEL asks for lines. */
function defaultLevel(): Level | "silent" {
  const e = env();
  return e.LOG_LEVEL ?? (e.NODE_ENV === "test" ? "silent" : "info");
}

/**
 * Stdout, written asynchronously: a delivery attempt logs a line, and a synchronous write per line blocked the worker's
 * event loop on a slow pipe. Lines written while a write is in flight go out together; pino flushes what is left when
 * the process exits. On Vercel a function may be frozen before a pending write, so writes stay synchronous there.
 */
function stdoutDestination(): DestinationStream {
  return pino.destination({ dest: 1, sync: env().mode === "vercel" });
}

/** A logger writing JSON lines to `destination` (stdout by default). */
export function createLogger(destination: DestinationStream = stdoutDestination(), level: Level | "silent" = defaultLevel()): Logger {
  return pino(
    {
      level,
      base: { service: "switchboard" },
      // ISO times read better in a terminal and sort the same.
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: {
        headers: (headers: Iterable<readonly [string, string]> | Record<string, string>) =>
          Object.fromEntries(redactCredentialHeaders(Symbol.iterator in Object(headers) ? (headers as Iterable<readonly [string, string]>) : Object.entries(headers))),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}

let root: Logger | undefined;

/** The process's logger. */
export function log(): Logger {
  root ??= createLogger();
  return root;
}

/** Sends the process's log lines to `destination` from now on (a test reading what was logged); undefined resets. */
export function setLogDestination(destination: DestinationStream | undefined, level?: Level) {
  root = destination ? createLogger(destination, level ?? "info") : undefined;
}
