// The app's /api/v1 route handlers behind a real HTTP server on 127.0.0.1, routed as Next routes them (static segments
// before dynamic ones, the optional catch-all last), so an HTTP client (the `svix` SDK) talks to them over loopback
// without a production build. Requests get X-Forwarded-For from the socket, as scripts/server.ts sets it.
import { readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { NextRequest } from "next/server";

type Handler = (request: NextRequest, route: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
interface Route { segments: string[]; file: string; module?: Record<string, Handler> }

function routeFiles(dir: string, prefix: string[] = []): Route[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return routeFiles(path.join(dir, entry.name), /^\(.*\)$/.test(entry.name) ? prefix : [...prefix, entry.name]);
    return entry.name === "route.ts" ? [{ segments: prefix, file: path.join(dir, entry.name) }] : [];
  });
}

// Rank: more static segments first; the optional catch-all last.
const rank = (r: Route) => r.segments.map((s) => (s.startsWith("[[...") ? "2" : s.startsWith("[") ? "1" : "0")).join("");

function match(route: Route, parts: string[]): Record<string, string | string[]> | null {
  const params: Record<string, string | string[]> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const seg = route.segments[i];
    if (seg.startsWith("[[...")) {
      params[seg.slice(5, -2)] = parts.slice(i);
      return params;
    }
    if (i >= parts.length) return null;
    if (seg.startsWith("[")) params[seg.slice(1, -1)] = decodeURIComponent(parts[i]);
    else if (seg !== parts[i]) return null;
  }
  return parts.length === route.segments.length ? params : null;
}

export async function startRouteServer(root = "app/api/v1", base = ["api", "v1"]) {
  const routes = routeFiles(path.resolve(root)).sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : b.segments.length - a.segments.length));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      try {
        const url = new URL(req.url ?? "/", `http://127.0.0.1`);
        const parts = url.pathname.split("/").filter(Boolean);
        const rest = parts.slice(0, base.length).join("/") === base.join("/") ? parts.slice(base.length) : null;
        const found = rest && routes.map((r) => ({ r, params: match(r, rest) })).find((m) => m.params);
        if (!found) return res.writeHead(404).end();
        found.r.module ??= (await import(found.r.file)) as Record<string, Handler>;
        const handler = found.r.module[req.method ?? "GET"];
        if (!handler) return res.writeHead(405).end();
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
        headers.set("x-forwarded-for", req.socket.remoteAddress ?? "127.0.0.1");
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const request = new NextRequest(url, { method: req.method, headers, body: req.method === "GET" || req.method === "HEAD" ? undefined : body });
        const response = await handler(request, { params: Promise.resolve(found.params!) });
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
