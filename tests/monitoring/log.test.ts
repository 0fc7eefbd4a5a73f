// The structured log, read from the real logger's output: one JSON line per API request, inbound request, delivery
// attempt and scheduled job, with the ids that tie them together, and never a secret.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as ping } from "@/app/api/v1/ping/route";
import { POST as sendRoute } from "@/app/api/v1/messages/route";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { closeHttpClient } from "@/lib/net/http-client";
import { createSource } from "@/lib/inbound/sources";
import { runJob } from "@/lib/platform/jobs";
import { createLogger, setLogDestination } from "@/lib/monitoring/log";
import { db } from "@/db";
import { deliveries } from "@/db/schema";
import { eq } from "drizzle-orm";
import { apiRequest, noParams } from "@/tests/helpers/api";
import { createOwnerWithKey } from "@/tests/helpers/factories";
import { startVerifyingReceiver, type VerifyingReceiver } from "@/tests/helpers/verifying-receiver";
import { postInbound } from "@/tests/inbound/helpers";
import type { Id } from "@/lib/platform/id-types";

/** Every line the logger writes, parsed. */
class Captured extends Writable {
  text = "";
  _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
  get lines(): Record<string, unknown>[] {
    return this.text.split("\n").filter(Boolean).map((line) => JSON.parse(line));
  }
}

let out: Captured;
let owner: Awaited<ReturnType<typeof createOwnerWithKey>>;
let receiver: VerifyingReceiver;

beforeAll(async () => {
  owner = await createOwnerWithKey();
  receiver = await startVerifyingReceiver();
});
afterAll(async () => {
  await closeHttpClient();
  await receiver.close();
});
// A fresh capture per test; the process logger goes back to its default (silent in tests) after.
const capture = () => {
  out = new Captured();
  setLogDestination(out);
  return out;
};
afterEach(() => setLogDestination(undefined));

describe("structured log", () => {
  it("logs an API request with its request id, workspace, outcome and duration; a refused key's header is redacted", async () => {
    capture();
    const okResponse = await ping(apiRequest("/api/v1/ping", { key: owner.key, headers: { "x-request-id": "req-ok-1" } }), noParams);
    expect(okResponse.status).toBe(200);
    const wrong = `sk_test_${randomBytes(16).toString("hex")}`;
    const refused = await ping(apiRequest("/api/v1/ping", { key: wrong, headers: { cookie: "session=topsecretcookie", "x-request-id": "req-refused-1" } }), noParams);
    expect(refused.status).toBe(401);

    const [ok, denied] = out.lines.filter((l) => l.kind === "api_request");
    expect(ok).toMatchObject({ level: "info", requestId: "req-ok-1", workspaceId: owner.workspace.id, method: "GET", path: "/api/v1/ping", status: 200, outcome: "ok" });
    expect(ok.durationMs).toEqual(expect.any(Number));
    expect(ok.headers).toBeUndefined();
    expect(denied).toMatchObject({ requestId: "req-refused-1", status: 401, outcome: "client_error", errorCode: expect.any(String) });
    const headers = denied.headers as Record<string, string>;
    expect(headers.authorization).toBe("[redacted]");
    expect(headers.cookie).toBe("[redacted]");
    expect(out.text).not.toContain(wrong.slice(8));
    expect(out.text).not.toContain("topsecretcookie");
    expect(out.text).not.toContain(owner.key.slice(8));
  });

  it("logs an inbound request with its source and workspace, credential headers redacted", async () => {
    const token = `tok_${randomBytes(12).toString("hex")}`;
    const source = await createSource({ name: "logged", verification: { provider: "api_key_header", header: "X-Hook-Token", value: token } }, owner.ctx);
    capture();
    const { response } = await postInbound(source.url, { body: "{}", headers: { "content-type": "application/json", "x-hook-token": token, authorization: "Bearer sk_live_inboundsecret99" } });
    expect(response.status).toBe(200);
    const wrong = await postInbound(source.url, { body: "{}", headers: { "content-type": "application/json", "x-hook-token": "tok_wrongwrongwrong" } });
    expect(wrong.response.status).toBe(401);

    const [accepted, rejected] = out.lines.filter((l) => l.kind === "inbound_request");
    expect(accepted).toMatchObject({ sourceId: source.id, workspaceId: owner.workspace.id, status: 200, outcome: "accepted", requestId: response.headers.get("x-switchboard-request-id") });
    expect(rejected).toMatchObject({ sourceId: source.id, status: 401, outcome: "rejected", reason: expect.any(String) });
    expect(out.text).not.toContain(token);
    expect(out.text).not.toContain("inboundsecret99");
    expect(out.text).not.toContain("wrongwrongwrong");
  });

  it("logs a delivery attempt with its workspace, application, endpoint, message and delivery ids; the endpoint's bearer token never appears", async () => {
    await createEventType({ name: "log.checked" }, owner.ctx);
    const bearer = `bearer-${randomBytes(12).toString("hex")}`;
    const { endpoint, secret } = await createEndpoint({ url: receiver.url, eventTypes: ["log.checked"], auth: { type: "bearer", token: bearer } }, owner.ctx);
    receiver.secrets = [secret];
    capture();
    const sent = await sendRoute(apiRequest("/api/v1/messages", { method: "POST", key: owner.key, body: { eventType: "log.checked", payload: { n: 1 } } }), noParams);
    const message = (await sent.json()) as { id: Id<"msg"> };
    const [delivery] = await db().select().from(deliveries).where(eq(deliveries.messageId, message.id));
    expect(await attemptDelivery(delivery.id)).toMatchObject({ status: "succeeded" });

    const line = out.lines.find((l) => l.kind === "delivery_attempt" && l.deliveryId === delivery.id);
    expect(line).toMatchObject({ workspaceId: owner.workspace.id, applicationId: endpoint.applicationId, endpointId: endpoint.id, messageId: message.id, attempt: 1, outcome: "succeeded", status: 204, errorClass: null });
    expect(line!.durationMs).toEqual(expect.any(Number));
    expect(out.text).not.toContain(bearer);
    expect(out.text).not.toContain(secret);
  });

  it("logs a scheduled job run with its outcome and duration, a failure with its reason", async () => {
    capture();
    await runJob({ name: "test-job", everyMinutes: 1, run: async () => ({ purged: 3 }) });
    await expect(runJob({ name: "test-failing-job", everyMinutes: 1, run: async () => Promise.reject(new Error("no luck")) })).rejects.toThrow("no luck");
    const [ok, failed] = out.lines.filter((l) => l.kind === "scheduled_job");
    expect(ok).toMatchObject({ level: "info", job: "test-job", outcome: "ok", result: { purged: 3 } });
    expect(failed).toMatchObject({ level: "error", job: "test-failing-job", outcome: "failed", reason: "no luck" });
  });

  it("censors secret-named fields and credential headers wherever a caller logs them", () => {
    const capture = new Captured();
    createLogger(capture, "info").info({ secret: "whsec_abc", endpoint: { password: "hunter2", token: "tkn", url: "https://x.test" }, headers: [["Authorization", "Basic dXNlcjpwYXNz"], ["X-Api-Key", "key_12345678"]] }, "careless");
    const [line] = capture.lines as [{ secret: string; endpoint: Record<string, string>; headers: Record<string, string> }];
    expect(line.secret).toBe("[redacted]");
    expect(line.endpoint).toEqual({ password: "[redacted]", token: "[redacted]", url: "https://x.test" });
    // lib/net's rule keeps the scheme and a few characters, so a reader can tell which credential was sent.
    expect(line.headers.Authorization).toMatch(/^Basic .*\.\.\.\[redacted\]$/);
    expect(line.headers["X-Api-Key"]).toMatch(/\.\.\.\[redacted\]$/);
    expect(capture.text).not.toMatch(/whsec_abc|hunter2|dXNlcjpwYXNz|key_12345678/);
  });

  it("writes stdout asynchronously yet loses no line when the process exits right after logging", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/monitoring/log-exit-runner.ts", "5000"], {
      cwd: process.cwd(),
      env: { ...process.env, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    const indexes = text.split("\n").filter(Boolean).map((line) => (JSON.parse(line) as { i: number }).i);
    expect(indexes).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });
});
