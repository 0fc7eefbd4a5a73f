// Shared by the CLI (cli/listen.js imports it by relative path: plain JavaScript, so it runs without a build) and by
// the server's replay (lib/inbound/requests.ts).

/** Headers that describe one hop rather than the request, and so are not re-sent when a request is forwarded. */
export const HOP_HEADERS = new Set([
  "host",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "proxy-authorization",
  "proxy-connection",
  "content-length",
  // The stored body is already decoded.
  "content-encoding",
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-real-ip",
]);
