import { eq } from "drizzle-orm";
import { db } from "@/db";
import { inboundRequests } from "@/db/schema";
import { isId } from "@/lib/platform";
import { POST } from "@/app/in/[token]/route";
import type { Id } from "@/lib/platform/id-types";

export const tokenOf = (url: string) => url.split("/in/")[1];

/** Posts to the inbound route handler as Next calls it behind scripts/server.ts: X-Forwarded-For is the client address. */
export async function postInbound(
  url: string,
  options: { body?: string | Buffer; headers?: Record<string, string>; ip?: string; path?: string; method?: string; stream?: ReadableStream<Uint8Array> } = {},
) {
  const token = tokenOf(url);
  const headers = new Headers(options.headers);
  if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", options.ip ?? "127.0.0.1");
  const body = options.stream ?? (typeof options.body === "string" ? options.body : options.body ? new Uint8Array(options.body) : undefined);
  const request = new Request(`http://127.0.0.1:3000/in/${token}${options.path ?? ""}`, {
    method: options.method ?? "POST",
    headers,
    body,
    ...(options.stream ? { duplex: "half" } : {}),
  } as RequestInit);
  const response = await POST(request, { params: Promise.resolve({ token }) });
  return { response, json: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

export async function storedRequest(id: string) {
  if (!isId("req", id)) throw new Error(`${id} is not a request id`);
  const [row] = await db().select().from(inboundRequests).where(eq(inboundRequests.id, id));
  return row;
}

export async function requestsOf(sourceId: Id<"src">) {
  return db().select().from(inboundRequests).where(eq(inboundRequests.sourceId, sourceId)).orderBy(inboundRequests.seq);
}
