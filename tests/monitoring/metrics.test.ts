// GET /api/metrics: off without METRICS_TOKEN, refused without it, and with it the Prometheus text format holding
// this process's counters and the queue as the database has it.
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { db } from "@/db";
import { deliveries } from "@/db/schema";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { closeHttpClient } from "@/lib/net/http-client";
import { resetEnvForTests } from "@/lib/platform/env";
import { createOwner } from "@/tests/helpers/factories";
import { startChaosReceiver, type ChaosReceiver } from "@/tests/helpers/chaos-receiver";

const TOKEN = "metrics-token-0123456789";
let chaos: ChaosReceiver;

const scrape = (authorization?: string) => metricsRoute(new Request("http://127.0.0.1:3000/api/metrics", { headers: authorization ? { authorization } : {} }));
/** A sample's value from the exposition text: `name{labels} value`. */
function sample(text: string, name: string, labels = ""): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ""} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

beforeAll(async () => {
  chaos = await startChaosReceiver();
});
afterAll(async () => {
  await closeHttpClient();
  await chaos.close();
});
afterEach(() => {
  delete process.env.METRICS_TOKEN;
  resetEnvForTests();
});
const withToken = () => {
  process.env.METRICS_TOKEN = TOKEN;
  resetEnvForTests();
};

describe("GET /api/metrics", () => {
  it("does not exist without METRICS_TOKEN", async () => {
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("refuses a missing or wrong bearer token with a challenge", async () => {
    withToken();
    for (const authorization of [undefined, "Bearer wrong-token-0123456789", `Basic ${TOKEN}`, TOKEN]) {
      const response = await scrape(authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain("switchboard_");
    }
  });

  it("serves the Prometheus text format: attempts by outcome and error class, latency, and the queue read from the database", async () => {
    withToken();
    const { ctx } = await createOwner();
    await createEventType({ name: "metric.checked" }, ctx);
    const failing = await createEndpoint({ url: `${chaos.url}/status/503`, eventTypes: ["metric.checked"] }, ctx);
    // Three messages waiting: their deliveries are due now (no worker runs in this test), one made overdue by a minute.
    for (let i = 0; i < 3; i++) await sendMessage({ eventType: "metric.checked", payload: { i } }, ctx);
    const due = await db().select().from(deliveries).where(eq(deliveries.endpointId, failing.endpoint.id));
    await db().update(deliveries).set({ nextAttemptAt: sql`now() - interval '60 seconds'` }).where(eq(deliveries.id, due[0].id));

    const before = await (await scrape(`Bearer ${TOKEN}`)).text();
    const failedBefore = sample(before, "switchboard_delivery_attempts_total", 'outcome="failed",error_class="http_status"') ?? 0;
    expect(sample(before, "switchboard_deliveries_due")).toBe(3);
    expect(sample(before, "switchboard_delivery_lag_seconds")).toBeGreaterThanOrEqual(60);

    expect(await attemptDelivery(due[0].id)).toMatchObject({ status: "failed" });
    const response = await scrape(`bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain("# TYPE switchboard_delivery_attempts_total counter");
    expect(text).toContain("# TYPE switchboard_delivery_attempt_duration_seconds histogram");
    expect(sample(text, "switchboard_delivery_attempts_total", 'outcome="failed",error_class="http_status"')).toBe(failedBefore + 1);
    expect(sample(text, "switchboard_delivery_attempt_duration_seconds_count", 'succeeded="false"')).toBeGreaterThanOrEqual(1);
    // The retried delivery is no longer due now; the two others still are.
    expect(sample(text, "switchboard_deliveries_due")).toBe(2);
    expect(sample(text, "switchboard_deliveries_held")).toBe(0);
    expect(text).toMatch(/^switchboard_process_resident_memory_bytes \d+/m);
  });
});
