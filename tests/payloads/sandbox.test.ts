import { describe, expect, it } from "vitest";
import { checkTransformation, loadSandbox, MEMORY_LIMIT_BYTES, RUN_LIMIT_MS, runTransformation, type Webhook } from "@/lib/payloads";

const webhook: Webhook = { eventType: "order.paid", payload: { amount: 42, items: ["a", "b"] }, url: "https://example.com/hook", method: "POST", headers: { "x-team": "core" } };

const MEMORY_BOMB = "function handler(webhook) {\n  const keep = [];\n  while (true) {\n    keep.push('x'.repeat(1 << 20) + keep.length);\n  }\n}";
const TIMED_OUT = "The transformation exceeded its time limit and was stopped.";

const fails = async (source: string) => {
  const result = await runTransformation(source, webhook);
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.webhook)}`);
  return result;
};

describe("transformations", () => {
  it("run a Svix-style handler that reshapes the payload and may change the url, method and headers", async () => {
    const result = await runTransformation(
      `function handler(webhook) {
        webhook.payload = { text: webhook.eventType + ": " + webhook.payload.amount, count: webhook.payload.items.length };
        webhook.url = webhook.url + "?v=2";
        webhook.method = "PUT";
        webhook.headers["x-extra"] = "1";
        return webhook;
      }`,
      webhook,
    );
    expect(result).toEqual({
      ok: true,
      webhook: { eventType: "order.paid", payload: { text: "order.paid: 42", count: 2 }, url: "https://example.com/hook?v=2", method: "PUT", headers: { "x-team": "core", "x-extra": "1" }, cancel: false },
    });
  });

  it("cancel when the handler sets webhook.cancel", async () => {
    const result = await runTransformation("function handler(webhook) { webhook.cancel = webhook.payload.amount < 100; return webhook }", webhook);
    expect(result).toMatchObject({ ok: true, webhook: { cancel: true } });
  });

  it("report the message and the line of a thrown error, a runtime error and a syntax error", async () => {
    expect(await fails("function handler(webhook) {\n  const x = 1;\n  throw new Error('no customer');\n}")).toEqual({ ok: false, message: "Error: no customer", line: 3 });
    expect(await fails("function handler(webhook) {\n\n\n  return webhook.payload.customer.id;\n}")).toMatchObject({ message: expect.stringContaining("TypeError"), line: 4 });
    expect(await fails("function handler(webhook) {\n  return webhook.(;\n}")).toMatchObject({ message: expect.stringContaining("SyntaxError"), line: 2 });
    expect(await checkTransformation("function handler(webhook) {\n  return webhook.(;\n}")).toMatchObject({ line: 2 });
    expect(await checkTransformation("function notHandler() {}")).toMatchObject({ message: expect.stringContaining("handler") });
    expect(await checkTransformation("function handler(w) { return w }")).toBeNull();
  });

  it("refuse a handler that returns something other than the webhook", async () => {
    expect(await fails("function handler() { return 5 }")).toMatchObject({ message: expect.stringContaining("return the webhook") });
    expect(await fails("function handler(w) { w.headers = { a: 1 }; return w }")).toMatchObject({ message: expect.stringContaining("headers") });
  });

  it("stop an infinite loop at the time limit", async () => {
    const result = await fails("function handler(webhook) {\n  while (true) {}\n}");
    expect(result.message).toBe(`The transformation ran longer than ${RUN_LIMIT_MS} ms and was stopped.`);
  });

  it("stop a memory bomb: QuickJS takes seconds to fail it, so its thread is terminated at the deadline", async () => {
    const result = await fails(MEMORY_BOMB);
    expect([TIMED_OUT, `The transformation used more than ${MEMORY_LIMIT_BYTES / 1024 / 1024} MiB of memory and was stopped.`]).toContain(result.message);
  });

  it("stop a memory bomb and an infinite loop while another run on the same pool completes, and run again after", async () => {
    const [bomb, loop, plain] = await Promise.all([
      runTransformation(MEMORY_BOMB, webhook),
      runTransformation("function handler(webhook) {\n  while (true) {}\n}", webhook),
      runTransformation("function handler(w) { w.payload = { shaped: true }; return w }", webhook),
    ]);
    expect(bomb).toMatchObject({ ok: false });
    expect(loop).toMatchObject({ ok: false, message: expect.stringContaining("and was stopped") });
    expect(plain).toMatchObject({ ok: true, webhook: { payload: { shaped: true } } });
    const after = await Promise.all([1, 2, 3].map((n) => runTransformation(`function handler(w) { w.payload = ${n}; return w }`, webhook)));
    expect(after.map((r) => r.ok && r.webhook.payload)).toEqual([1, 2, 3]);
  });

  it("stop runaway recursion at the stack limit", async () => {
    expect(await fails("function handler(webhook) { function f(n) { return f(n + 1) + 1 } return f(0) }")).toMatchObject({ message: expect.stringContaining("recursed too deeply") });
  });

  it("have no require, process, fetch, timers, Promise or host globals, however they are reached", async () => {
    const result = await runTransformation(
      `function handler(webhook) {
        const global = (0, eval)("this");
        const viaFunction = Function("return this")();
        const viaConstructor = ({}).constructor.constructor("return this")();
        webhook.payload = {
          require: typeof require, process: typeof process, fetch: typeof fetch, setTimeout: typeof setTimeout,
          setInterval: typeof setInterval, Promise: typeof Promise, module: typeof module, Buffer: typeof Buffer,
          globalProcess: typeof globalThis.process, evalProcess: typeof global.process,
          functionProcess: typeof viaFunction.process, constructorRequire: typeof viaConstructor.require,
          sameGlobal: viaFunction === globalThis && viaConstructor === globalThis,
          importable: (() => { try { eval("import('fs')"); return true } catch (e) { return false } })(),
        };
        return webhook;
      }`,
      webhook,
    );
    expect(result).toMatchObject({
      ok: true,
      webhook: {
        payload: {
          require: "undefined", process: "undefined", fetch: "undefined", setTimeout: "undefined", setInterval: "undefined", Promise: "undefined",
          module: "undefined", Buffer: "undefined", globalProcess: "undefined", evalProcess: "undefined", functionProcess: "undefined",
          constructorRequire: "undefined", sameGlobal: true, importable: false,
        },
      },
    });
  });

  it("give each run a fresh context: nothing one run leaves on the global reaches the next", async () => {
    const source = "function handler(w) { globalThis.count = (globalThis.count || 0) + 1; Object.prototype.polluted = 1; w.payload = { count: globalThis.count, polluted: ({}).polluted }; return w }";
    expect(await runTransformation(source, webhook)).toMatchObject({ ok: true, webhook: { payload: { count: 1, polluted: 1 } } });
    expect(await runTransformation("function handler(w) { w.payload = { count: globalThis.count, polluted: ({}).polluted }; return w }", webhook)).toMatchObject({ ok: true, webhook: { payload: {} } });
  });

  it("reuse one pool of sandbox threads across runs, and run again after one was stopped by a limit", async () => {
    const first = loadSandbox();
    for (let i = 0; i < 3; i++) expect(await runTransformation("function handler(w) { return w }", webhook)).toMatchObject({ ok: true });
    expect(loadSandbox()).toBe(first);
    await fails("function handler() { while (true) {} }");
    expect(await runTransformation("function handler(w) { return w }", webhook)).toMatchObject({ ok: true });
  });
});
