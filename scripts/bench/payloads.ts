// Payload transformations: the sandbox against plain JSON.stringify of the same payload, and deliveries with a
// transformation on the endpoint against the same run without one (issue 14). Runs in the delivery benchmarks'
// process (deliveries.ts), with the worker's runtime options.
import { loadSandbox, runTransformation } from "../../lib/payloads";
import { report } from "./harness";
import { deliverAll, queuedDeliveries } from "./outbound";

// Reshapes whatever payload it gets (the delivery benchmark's are small, the sandbox's an order), as a receiver's
// adapter would.
const TRANSFORMATION = `function handler(webhook) {
  const fields = Object.keys(webhook.payload);
  webhook.payload = { text: webhook.eventType + " with " + fields.length + " fields", fields: fields, original: webhook.payload };
  webhook.headers["x-shaped"] = "1";
  return webhook;
}`;
const PAYLOAD = { orderId: "o_123", total: 4200, currency: "EUR", lines: Array.from({ length: 10 }, (_, i) => ({ sku: `sku-${i}`, qty: i + 1, price: 100 * i })) };

/** Calls per second of `run` over `total` calls, after a warm-up. */
async function perSecond(total: number, run: () => unknown) {
  for (let i = 0; i < Math.min(200, total); i++) await run();
  const started = performance.now();
  for (let i = 0; i < total; i++) await run();
  return total / ((performance.now() - started) / 1000);
}

/** Sandbox runs per second, one after another (a pool of worker threads, a fresh context each), against JSON.stringify of the payload. */
async function benchSandbox() {
  await loadSandbox();
  const webhook = { eventType: "order.paid", payload: PAYLOAD, url: "https://example.com/hook", method: "POST", headers: {} };
  let failures = 0;
  const sandbox = await perSecond(3000, async () => {
    if (!(await runTransformation(TRANSFORMATION, webhook)).ok) failures++;
  });
  if (failures) throw new Error(`${failures} transformations failed`);
  const stringify = await perSecond(30_000, () => JSON.stringify(webhook));
  report("Sandbox transformations (fresh context per run, pooled worker threads, one at a time)", sandbox, stringify, "runs/s");
}

/** The worker's throughput with a transformation on the endpoint, against the same run without one. Best of two each. */
async function benchTransformedDeliveries(receiverUrl: string) {
  const total = 3000;
  const transformed = { transformation: TRANSFORMATION, transformationEnabled: true };
  await deliverAll(await queuedDeliveries(receiverUrl, 500, transformed), 500, 60);
  const plain: number[] = [];
  const shaped: number[] = [];
  for (let i = 0; i < 2; i++) {
    plain.push((await deliverAll(await queuedDeliveries(receiverUrl, total), total, 120)).perSecond);
    shaped.push((await deliverAll(await queuedDeliveries(receiverUrl, total, transformed), total, 120)).perSecond);
  }
  report(`Deliveries with a transformation on the endpoint (${total})`, Math.max(...shaped), Math.max(...plain), "deliveries/s", 0.5);
}

export async function benchPayloads(receiverUrl: string) {
  console.log("\n## Payloads");
  await benchSandbox();
  await benchTransformedDeliveries(receiverUrl);
}
