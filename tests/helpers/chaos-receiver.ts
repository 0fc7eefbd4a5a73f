// A misbehaving webhook receiver on 127.0.0.1 for delivery tests. The request path picks the behaviour:
//   /ok                      200 with a small JSON body
//   /fail                    500
//   /rate-limited            429 with Retry-After (?retry-after=<value>, default 120)
//   /gone                    410
//   /redirect                302 to /redirect-target, which a correct client never requests
//   /redirect-target         200
//   /hang                    reads the request, never answers
//   /drip                    200 headers, then one byte per second (?every=<ms> to change), never finishing
//   /big                     200 with a 10 MB body
//   /abort                   400 with `webhook-delivery: abort-message`
//   /status/<code>           that status
// anything else answers 404. Every request is recorded once its body has arrived.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The client's port: equal across requests exactly when the client reused the connection. */
  remotePort: number;
}

export interface ChaosReceiver {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The port, for building URLs with other host spellings. */
  port: number;
  requests: ReceivedRequest[];
  /** TCP connections accepted, including ones that never sent a request. */
  connections: () => number;
  requestsTo: (path: string) => ReceivedRequest[];
  close: () => Promise<void>;
}

export const BIG_BODY_BYTES = 10 * 1024 * 1024;

export async function startChaosReceiver(): Promise<ChaosReceiver> {
  const requests: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;

  const drip = (res: http.ServerResponse, everyMs: number) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.flushHeaders();
    const timer = setInterval(() => res.write("."), everyMs);
    timers.add(timer);
    res.on("close", () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  };

  const big = (res: http.ServerResponse) => {
    res.writeHead(200, { "content-type": "text/plain", "content-length": BIG_BODY_BYTES });
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    // Honour backpressure, so a client that stops reading also stops the server from queueing the rest in memory.
    const pump = () => {
      while (sent < BIG_BODY_BYTES) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once("drain", pump);
          return;
        }
      }
      res.end();
    };
    pump();
  };

  const respond = (res: http.ServerResponse, path: string, query: URLSearchParams) => {
    const status = path.match(/^\/status\/(\d{3})$/);
    if (status) return res.writeHead(Number(status[1])).end();
    switch (path) {
      case "/ok":
      case "/redirect-target":
        return res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
      case "/fail":
        return res.writeHead(500, { "content-type": "text/plain" }).end("internal error");
      case "/rate-limited":
        return res.writeHead(429, { "retry-after": query.get("retry-after") ?? "120" }).end("slow down");
      case "/gone":
        return res.writeHead(410).end("gone");
      case "/redirect":
        return res.writeHead(302, { location: "/redirect-target" }).end();
      case "/hang":
        return;
      case "/drip":
        return drip(res, Number(query.get("every") ?? 1000));
      case "/big":
        return big(res);
      case "/abort":
        return res.writeHead(400, { "webhook-delivery": "abort-message" }).end("unsubscribed");
      default:
        return res.writeHead(404).end("no such behaviour");
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const target = new URL(req.url ?? "/", "http://receiver");
      requests.push({
        method: req.method ?? "",
        path: target.pathname,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        remotePort: (req.socket as Socket).remotePort ?? 0,
      });
      respond(res, target.pathname, target.searchParams);
    });
  });
  server.on("connection", () => connections++);

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      timers.clear();
      // Hanging and dripping responses would otherwise keep close() waiting forever.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
