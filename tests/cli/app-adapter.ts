// Serves the inbound and /api/v1/sources route handlers over node:http on 127.0.0.1, so the CLI can run as a real
// child process against them without a Next build. Bodies and responses stream, as Next would stream them.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { NextRequest } from "next/server";
import * as inbound from "@/app/in/[token]/route";
import * as sourcesRoute from "@/app/api/v1/sources/route";
import * as sourceRoute from "@/app/api/v1/sources/[id]/route";
import * as secretRoute from "@/app/api/v1/sources/[id]/secret/route";
import * as streamRoute from "@/app/api/v1/sources/[id]/stream/route";
import * as requestRoute from "@/app/api/v1/sources/[id]/requests/[requestId]/route";
import * as responsesRoute from "@/app/api/v1/sources/[id]/requests/[requestId]/responses/route";

type Handler = (request: NextRequest, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Module = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;

const ROUTES: [RegExp, string[], Module][] = [
  [/^\/in\/([^/]+)(?:\/.*)?$/, ["token"], inbound as unknown as Module],
  [/^\/api\/v1\/sources$/, [], sourcesRoute as unknown as Module],
  [/^\/api\/v1\/sources\/([^/]+)$/, ["id"], sourceRoute as unknown as Module],
  [/^\/api\/v1\/sources\/([^/]+)\/secret$/, ["id"], secretRoute as unknown as Module],
  [/^\/api\/v1\/sources\/([^/]+)\/stream$/, ["id"], streamRoute as unknown as Module],
  [/^\/api\/v1\/sources\/([^/]+)\/requests\/([^/]+)$/, ["id", "requestId"], requestRoute as unknown as Module],
  [/^\/api\/v1\/sources\/([^/]+)\/requests\/([^/]+)\/responses$/, ["id", "requestId"], responsesRoute as unknown as Module],
];

export async function startAppAdapter() {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    const match = ROUTES.map(([pattern, names, module]) => ({ m: pattern.exec(url.pathname), names, module })).find((r) => r.m);
    const handler = match?.module[req.method as keyof Module];
    if (!match || !handler) return res.writeHead(404).end();
    const params = Object.fromEntries(match.names.map((name, i) => [name, decodeURIComponent(match.m![i + 1])]));
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    // Next records the socket's address in X-Forwarded-For when the header is absent.
    if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", req.socket.remoteAddress ?? "127.0.0.1");
    const hasBody = !["GET", "HEAD"].includes(req.method ?? "GET");
    const request = new NextRequest(url, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      signal: controller.signal,
      ...(hasBody ? { duplex: "half" } : {}),
    } as ConstructorParameters<typeof NextRequest>[1]);
    const response = await handler(request, { params: Promise.resolve(params) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) return res.end();
    res.flushHeaders();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        res.write(value);
      }
    } catch {
      // the client went away
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
