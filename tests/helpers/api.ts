import { NextRequest } from "next/server";

/**
 * A request as a route handler receives it behind scripts/server.ts: X-Forwarded-For holds the one client address the
 * server took from the socket. That the server sets it, ignoring a forged one, is tested over real sockets in
 * tests/e2e/security.e2e.ts.
 */
export function apiRequest(path: string, options: { method?: string; key?: string; body?: unknown; headers?: Record<string, string>; ip?: string } = {}) {
  const headers = new Headers(options.headers);
  if (options.key) headers.set("authorization", `Bearer ${options.key}`);
  headers.set("x-forwarded-for", options.ip ?? "127.0.0.1");
  if (options.body !== undefined) headers.set("content-type", "application/json");
  return new NextRequest(`http://127.0.0.1:3000${path}`, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
}

export const noParams = { params: Promise.resolve({}) };
