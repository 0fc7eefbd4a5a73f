// The web server: `tsx scripts/server.ts dev|start`, which scripts/start.ts runs (the tests and the benchmarks too).
// Next behind a node:http server of our own (Next's documented custom server), because Next hides the socket and
// keeps whatever X-Forwarded-For the client sent: here the client's address is set from the socket before Next sees
// the request, so lib/net/request-ip.ts can believe the header. Options come from the environment: PORT, HOST.
import { createServer, type IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { EnvError } from "../lib/platform/env";
import { clientIp, ipInCidrList, trustedProxiesFromEnv, type CidrRange } from "../lib/net/cidr";

const dev = process.argv[2] === "dev";
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST;

/**
 * Replaces the forwarding headers with what the socket supports. X-Forwarded-For becomes the one client address:
 * the socket's peer, or, when the peer is a trusted proxy, the address the proxies vouch for (lib/net/cidr.ts).
 * The host and protocol a proxy forwards are kept only from a trusted proxy; Next fills them in from the request
 * otherwise. X-Real-IP is only ever read on Vercel, and nothing here should be taken for it.
 */
function ownForwardingHeaders(request: IncomingMessage, trustedProxies: readonly CidrRange[]) {
  const peer = request.socket.remoteAddress ?? "";
  const headers = request.headers;
  if (!ipInCidrList(peer, trustedProxies)) {
    delete headers["x-forwarded-host"];
    delete headers["x-forwarded-proto"];
    delete headers["x-forwarded-port"];
  }
  headers["x-forwarded-for"] = clientIp(headers, peer, trustedProxies);
  delete headers["x-real-ip"];
}

/**
 * A lingering close, as nginx makes: Node closes a connection after answering a request whose body is still arriving
 * (a 413 for an oversize upload) by ending the socket and destroying it once the answer is flushed; the bytes still
 * unread then make the kernel reset the connection, and the reset can reach the client before the answer does. Here
 * the socket is ended (the answer and a FIN go out) but destroyed only when the client closes, or after LINGER_MS.
 */
const LINGER_MS = 5_000;

function lingerOnClose(socket: Socket) {
  socket.destroySoon = function lingeringClose(this: Socket) {
    const giveUp = setTimeout(() => this.destroy(), LINGER_MS).unref();
    this.once("close", () => clearTimeout(giveUp));
    this.once("end", () => this.destroy());
    this.end(() => this.resume());
  };
}

async function main() {
  let trustedProxies: CidrRange[];
  try {
    trustedProxies = trustedProxiesFromEnv();
  } catch (error) {
    console.error(error instanceof EnvError ? error.message : `[switchboard] ${(error as Error).message}`);
    process.exit(1);
  }
  // As `next start` and `next dev` do; Next reads it while loading, so before the import.
  Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });
  const { default: next } = await import("next");

  const server = createServer();
  server.on("connection", lingerOnClose);
  // Given the server, Next attaches its own upgrade handler to it (the dev server's HMR websocket).
  const app = next({ dev, hostname: hostname ?? "localhost", port, httpServer: server });
  const handle = app.getRequestHandler();
  await app.prepare();
  server.on("request", (request, response) => {
    ownForwardingHeaders(request, trustedProxies);
    // Next answers its own errors; this is for one that escapes it, which must not take the process down.
    handle(request, response).catch((error: unknown) => {
      console.error("[switchboard] request failed:", error);
      if (!response.headersSent) response.statusCode = 500;
      response.end();
    });
  });
  server.listen(port, hostname, () => console.log(`[switchboard] listening on http://${hostname ?? "localhost"}:${port}${dev ? " (dev)" : ""}`));

  // An upgraded socket (the dev server's HMR websocket) is no longer the HTTP server's to close, yet it keeps the
  // server from closing: it is ended here, as `next dev` does.
  const upgraded = new Set<Duplex>();
  server.on("upgrade", (_request, socket: Duplex) => {
    upgraded.add(socket);
    socket.once("close", () => upgraded.delete(socket));
  });

  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    // Stop accepting and finish the requests in flight (idle keep-alive sockets are closed), then let Next clean up.
    server.close(() => void app.close().finally(() => process.exit(signal === "SIGINT" ? 130 : 143)));
    server.closeIdleConnections();
    for (const socket of upgraded) socket.destroy();
    if (dev) server.closeAllConnections();
  };
  process.on("SIGTERM", close);
  process.on("SIGINT", close);
}

main().catch((error) => {
  console.error("[switchboard] the web server failed to start:", error);
  process.exit(1);
});
