// What the receiver keeps of a request that every member can read: credentials redacted (the scheme and a few
// characters kept, signatures whole), and of a rejected request only the start of its body, with its full size.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as requestRoute } from "@/app/api/v1/sources/[id]/requests/[requestId]/route";
import { createApiKey } from "@/lib/keys/service";
import { REJECTED_BODY_KEPT_BYTES } from "@/lib/inbound/ingest";
import { redactCredential } from "@/lib/net/credential-headers";
import { createSource } from "@/lib/inbound/sources";
import type { RequestContext } from "@/lib/api/request-context";
import { apiRequest } from "@/tests/helpers/api";
import { createOwner } from "@/tests/helpers/factories";
import { postInbound, storedRequest } from "./helpers";

let ctx: RequestContext;
let counter = 0;
beforeAll(async () => {
  ctx = (await createOwner()).ctx;
});

const header = (headers: [string, string][], name: string) => headers.find(([n]) => n === name)?.[1];

describe("inbound credentials", () => {
  it("are redacted before storing, in the stored row and the API's view; signatures and other headers stay whole", async () => {
    const token = `tok_${randomBytes(12).toString("hex")}`;
    const src = await createSource({ name: `creds ${++counter}`, verification: { provider: "api_key_header", header: "X-Hook-Token", value: token } }, ctx);
    const { response, json } = await postInbound(src.url, {
      body: "{}",
      headers: {
        "content-type": "application/json",
        "x-hook-token": token,
        authorization: "Bearer sk_live_0123456789abcdef",
        cookie: "session=s3cr3tsessionvalue",
        "proxy-authorization": "Basic cHJveHk6cGFzc3dvcmQ=",
        "x-hub-signature-256": "sha256=abc123",
        "x-custom": "kept",
      },
    });
    expect(response.status).toBe(200);
    const row = await storedRequest(json.id as string);
    const stored = JSON.stringify(row.headers);
    for (const secret of [token, "sk_live_0123456789abcdef", "s3cr3tsessionvalue", "cHJveHk6cGFzc3dvcmQ="]) expect(stored).not.toContain(secret);
    expect(header(row.headers, "authorization")).toBe("Bearer sk_l...[redacted]");
    expect(header(row.headers, "proxy-authorization")).toMatch(/^Basic cHJ.*\.\.\.\[redacted\]$/);
    expect(header(row.headers, "x-hook-token")).toBe("tok_...[redacted]");
    expect(header(row.headers, "x-hub-signature-256")).toBe("sha256=abc123");
    expect(header(row.headers, "x-custom")).toBe("kept");

    const { key } = await createApiKey({ name: "reader", scopes: ["sources:read"], ipAllowlist: "" }, ctx);
    const viewed = await requestRoute(apiRequest(`/api/v1/sources/${src.id}/requests/${row.id}`, { key }), { params: Promise.resolve({ id: src.id, requestId: row.id }) });
    expect(viewed.status).toBe(200);
    const text = await viewed.text();
    expect(text).not.toContain(token);
    expect(text).not.toContain("sk_live_0123456789abcdef");
    expect(text).toContain("sha256=abc123");
  });

  it("a rejected request keeps its credentials redacted too", async () => {
    const src = await createSource({ name: `creds ${++counter}`, verification: { provider: "basic_auth", username: "hooks", password: "right-password" } }, ctx);
    const wrong = `Basic ${Buffer.from("hooks:guessed-password").toString("base64")}`;
    const { response } = await postInbound(src.url, { body: "{}", headers: { authorization: wrong } });
    expect(response.status).toBe(401);
    const row = await storedRequest(response.headers.get("x-switchboard-request-id")!);
    expect(header(row.headers, "authorization")).toBe(redactCredential(wrong));
    expect(JSON.stringify(row.headers)).not.toContain(wrong.slice(6));
  });

  it("keeps no more than a scheme and a quarter of a short credential", () => {
    expect(redactCredential("Bearer abcdefgh")).toBe("Bearer ab...[redacted]");
    expect(redactCredential("abc")).toBe("...[redacted]");
    expect(redactCredential("Bearer abcd...[redacted]")).toBe("Bearer abcd...[redacted]");
  });
});

describe("a rejected request's body", () => {
  it("is kept only up to 64 KiB, with its full size", async () => {
    const src = await createSource({ name: `creds ${++counter}`, verification: { provider: "basic_auth", username: "hooks", password: "right-password" } }, ctx);
    const body = randomBytes(200 * 1024);
    const { response } = await postInbound(src.url, { body, headers: { "content-type": "application/octet-stream" } });
    expect(response.status).toBe(401);
    const row = await storedRequest(response.headers.get("x-switchboard-request-id")!);
    expect(row.verdict).toBe("rejected");
    expect(row.bodySize).toBe(body.length);
    expect(row.body?.length).toBe(REJECTED_BODY_KEPT_BYTES);
    expect(row.body?.equals(body.subarray(0, REJECTED_BODY_KEPT_BYTES))).toBe(true);
  });

  it("an accepted request's body is kept whole", async () => {
    const src = await createSource({ name: `creds ${++counter}` }, ctx);
    const body = randomBytes(200 * 1024);
    const { response, json } = await postInbound(src.url, { body, headers: { "content-type": "application/octet-stream" } });
    expect(response.status).toBe(200);
    expect((await storedRequest(json.id as string)).body?.equals(body)).toBe(true);
  });
});
