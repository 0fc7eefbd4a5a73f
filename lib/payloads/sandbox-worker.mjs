// A worker thread of the transformation sandbox's pool (sandbox.ts): runs one transformation at a time in QuickJS.
// Plain JavaScript, so the same file loads under tsx, vitest, the esbuild bundle (dist/sandbox-worker.mjs) and Next's
// server build without a TypeScript loader in the worker. The pool sends { kind: "run", source, input } (input: the
// webhook as JSON) or { kind: "check", source }, one at a time, and gets back { step }: { value } or { failure:
// { message, line } }. The pool bounds each run's wall time, by terminating the thread: QuickJS checks its interrupt
// handler between bytecodes only, and one built-in call under memory pressure can run for seconds.
import { parentPort, workerData } from "node:worker_threads";
import { newQuickJSWASMModule, RELEASE_SYNC, shouldInterruptAfterDeadline } from "quickjs-emscripten";

/** @type {{ runLimitMs: number; memoryLimitBytes: number; stackLimitBytes: number }} */
const limits = workerData;
const FILE = "transformation.js";
// The language without the parts a synchronous handler has no use for (Promise, Proxy, typed arrays), which also
// halves what a fresh context costs.
const INTRINSICS = { BaseObjects: true, Date: true, Eval: true, StringNormalize: true, RegExp: true, JSON: true, MapSet: true };
const CALL = `(() => { if (typeof handler !== "function") throw new TypeError("Define function handler(webhook) { ...; return webhook }");
  const out = handler(JSON.parse(__input));
  if (out === null || typeof out !== "object") throw new TypeError("handler must return the webhook object");
  return JSON.stringify(out) })()`;
const LIMIT_MESSAGES = {
  interrupted: `The transformation ran longer than ${limits.runLimitMs} ms and was stopped.`,
  "out of memory": `The transformation used more than ${limits.memoryLimitBytes / 1024 / 1024} MiB of memory and was stopped.`,
  "stack overflow": "The transformation recursed too deeply and was stopped.",
};

/** @type {import("quickjs-emscripten").QuickJSWASMModule | undefined} */
let wasmModule;
/** @type {import("quickjs-emscripten").QuickJSRuntime | undefined} */
let runtime;

/**
 * The thread's runtime, its WebAssembly module instantiated on first use and after a limit retired it: a context
 * costs about 0.1 ms, a module tens of milliseconds.
 */
async function currentRuntime() {
  if (!runtime) {
    wasmModule ??= await newQuickJSWASMModule(RELEASE_SYNC);
    runtime = wasmModule.newRuntime();
    runtime.setMemoryLimit(limits.memoryLimitBytes);
    runtime.setMaxStackSize(limits.stackLimitBytes);
  }
  return runtime;
}

/**
 * Drops the module and its runtime after a run hit a limit. They are not disposed: a run stopped midway can leave
 * objects QuickJS no longer tracks, and freeing such a runtime aborts the whole module. Unreferenced, the WebAssembly
 * instance and its memory are collected; the next run instantiates a fresh module.
 */
function retireRuntime() {
  wasmModule = undefined;
  runtime = undefined;
}

/**
 * The error a context threw, as the editor shows it: its message and the line of the source it came from.
 * @param {import("quickjs-emscripten").QuickJSContext} context
 * @param {import("quickjs-emscripten").QuickJSHandle} handle
 */
function describe(context, handle) {
  const error = context.dump(handle);
  handle.dispose();
  if (typeof error !== "object" || error === null) return { message: `The transformation threw ${JSON.stringify(error)}.`, line: null, limit: false };
  const limit = error.name === "InternalError" && typeof error.message === "string" ? LIMIT_MESSAGES[error.message] : undefined;
  const frame = new RegExp(`${FILE.replace(".", "\\.")}:(\\d+)`).exec(error.stack ?? "");
  const line = frame ? Number(frame[1]) : (error.lineNumber ?? null);
  return { message: limit ?? `${error.name ?? "Error"}: ${error.message ?? ""}`, line, limit: limit !== undefined };
}

/** @param {import("quickjs-emscripten").QuickJSContext} context @param {string} source @param {string} input */
function run(context, source, input) {
  const defined = context.evalCode(source, FILE);
  if (defined.error) return { failure: describe(context, defined.error) };
  defined.value.dispose();
  const inputHandle = context.newString(input);
  context.setProp(context.global, "__input", inputHandle);
  inputHandle.dispose();
  const called = context.evalCode(CALL, "<call>");
  if (called.error) return { failure: describe(context, called.error) };
  const output = context.getString(called.value);
  called.value.dispose();
  return { value: output };
}

/** @param {import("quickjs-emscripten").QuickJSContext} context @param {string} source */
function check(context, source) {
  const defined = context.evalCode(`${source}\n;typeof handler === "function"`, FILE);
  if (defined.error) return { failure: describe(context, defined.error) };
  const isFunction = context.dump(defined.value) === true;
  defined.value.dispose();
  return isFunction ? { value: null } : { failure: { message: "Define function handler(webhook) { ...; return webhook }", line: null, limit: false } };
}

/**
 * Runs one request in a fresh context under the time limit, so nothing one run leaves behind reaches the next, then
 * disposes of the context (and retires the runtime, when a limit was hit).
 * @param {{ kind: "run"; source: string; input: string } | { kind: "check"; source: string }} request
 */
async function handle(request) {
  const rt = await currentRuntime();
  const context = rt.newContext({ intrinsics: INTRINSICS });
  /** @type {{ value: unknown } | { failure: { message: string; line: number | null; limit: boolean } } | undefined} */
  let step;
  try {
    rt.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + limits.runLimitMs));
    step = request.kind === "run" ? run(context, request.source, request.input) : check(context, request.source);
  } finally {
    rt.removeInterruptHandler();
    context.dispose();
    if (!step || ("failure" in step && step.failure.limit)) retireRuntime();
  }
  return step;
}

const port = parentPort;
if (!port) throw new Error("sandbox-worker.mjs runs as a worker thread of lib/payloads/sandbox.ts");
// "ready" once the module is loaded: the pool sends requests only then, so the load never counts against a deadline.
await currentRuntime();
port.on("message", async (/** @type {{ kind: "run" | "check"; source: string; input: string }} */ request) => {
  const step = await handle(request);
  // Whether a limit was hit is this thread's business (retiring its runtime), not the pool's.
  port.postMessage({ step: "failure" in step ? { failure: { message: step.failure.message, line: step.failure.line } } : step });
});
port.postMessage("ready");
