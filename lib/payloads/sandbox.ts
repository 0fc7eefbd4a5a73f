import { z } from "zod";
import { newQuickJSWASMModule, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule, RELEASE_SYNC, shouldInterruptAfterDeadline } from "quickjs-emscripten";

/**
 * Transformations: workspace members' JavaScript, Svix-compatible,
 *
 *   function handler(webhook) { webhook.payload = { text: webhook.payload.name }; return webhook }
 *
 * run in QuickJS compiled to WebAssembly. The code sees only ECMAScript's built-ins: no require, process, fetch,
 * timers, file system or Promise (a handler is synchronous), and nothing of this process (`globalThis` is the
 * sandbox's own). Each run gets a fresh context, so nothing one run leaves behind reaches the next, under limits of
 * time (RUN_LIMIT_MS, by QuickJS's interrupt handler), memory (MEMORY_LIMIT_BYTES) and stack (STACK_LIMIT_BYTES).
 *
 * The WebAssembly module is instantiated once per process and its runtime reused: a context costs about 0.1 ms, a
 * module tens of milliseconds. Runs are synchronous, so one runtime is the whole pool: two runs never overlap. A run
 * that hit a limit retires the module with its runtime (see retireRuntime), so a limit's aftermath never reaches
 * another run.
 */

export const RUN_LIMIT_MS = 50;
export const MEMORY_LIMIT_BYTES = 16 * 1024 * 1024;
/** Well under Node's own stack: QuickJS's frames live on it. */
export const STACK_LIMIT_BYTES = 192 * 1024;
export const MAX_SOURCE_LENGTH = 50_000;

/** What a handler receives and returns. Setting `cancel` to true skips the delivery. */
export interface Webhook {
  eventType: string;
  payload: unknown;
  url: string;
  method: string;
  headers: Record<string, string>;
  cancel?: boolean;
}

export interface SandboxError {
  message: string;
  /** 1-based line in the transformation's source, when the error has one. */
  line: number | null;
}

export type SandboxResult = { ok: true; webhook: Webhook } | ({ ok: false } & SandboxError);

type Failure = SandboxError & { limit: boolean };

const FILE = "transformation.js";
// The language without the parts a synchronous handler has no use for (Promise, Proxy, typed arrays), which also
// halves what a fresh context costs.
const INTRINSICS = { BaseObjects: true, Date: true, Eval: true, StringNormalize: true, RegExp: true, JSON: true, MapSet: true } as const;
const CALL = `(() => { if (typeof handler !== "function") throw new TypeError("Define function handler(webhook) { ...; return webhook }");
  const out = handler(JSON.parse(__input));
  if (out === null || typeof out !== "object") throw new TypeError("handler must return the webhook object");
  return JSON.stringify(out) })()`;

let wasmModule: Promise<QuickJSWASMModule> | undefined;
let runtime: QuickJSRuntime | undefined;

/** Loads the WebAssembly module (once); runs wait for it by themselves, callers on a hot path may warm it first. */
export function loadSandbox(): Promise<QuickJSWASMModule> {
  wasmModule ??= newQuickJSWASMModule(RELEASE_SYNC);
  return wasmModule;
}

function currentRuntime(quickjs: QuickJSWASMModule): QuickJSRuntime {
  if (!runtime) {
    runtime = quickjs.newRuntime();
    runtime.setMemoryLimit(MEMORY_LIMIT_BYTES);
    runtime.setMaxStackSize(STACK_LIMIT_BYTES);
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

const LIMIT_MESSAGES: Record<string, string> = {
  interrupted: `The transformation ran longer than ${RUN_LIMIT_MS} ms and was stopped.`,
  "out of memory": `The transformation used more than ${MEMORY_LIMIT_BYTES / 1024 / 1024} MiB of memory and was stopped.`,
  "stack overflow": "The transformation recursed too deeply and was stopped.",
};

/** The error a context threw, as the editor shows it: its message and the line of the source it came from. */
function describe(context: QuickJSContext, handle: QuickJSHandle): Failure {
  const error = context.dump(handle) as { name?: string; message?: string; stack?: string; lineNumber?: number } | string;
  handle.dispose();
  if (typeof error !== "object" || error === null) return { message: `The transformation threw ${JSON.stringify(error)}.`, line: null, limit: false };
  const limit = error.name === "InternalError" && error.message !== undefined ? LIMIT_MESSAGES[error.message] : undefined;
  const frame = new RegExp(`${FILE.replace(".", "\\.")}:(\\d+)`).exec(error.stack ?? "");
  const line = frame ? Number(frame[1]) : (error.lineNumber ?? null);
  return { message: limit ?? `${error.name ?? "Error"}: ${error.message ?? ""}`, line, limit: limit !== undefined };
}

function asWebhook(value: unknown): Webhook | string {
  if (value === null || typeof value !== "object") return "handler must return the webhook object";
  const w = value as Record<string, unknown>;
  if (typeof w.url !== "string") return "webhook.url must be a string";
  if (typeof w.method !== "string") return "webhook.method must be a string";
  if (typeof w.eventType !== "string") return "webhook.eventType must be a string";
  const headers = w.headers ?? {};
  if (typeof headers !== "object" || headers === null || Array.isArray(headers) || Object.values(headers).some((v) => typeof v !== "string")) {
    return "webhook.headers must be an object of strings";
  }
  return { eventType: w.eventType, payload: w.payload ?? null, url: w.url, method: w.method, headers: headers as Record<string, string>, cancel: w.cancel === true };
}

type Step<T> = { value: T } | { failure: Failure };

/**
 * Runs `step` in a fresh context under the time limit, then disposes of the context (and of the runtime, when a
 * limit was hit). A source over MAX_SOURCE_LENGTH never reaches the sandbox.
 */
async function inFreshContext<T>(source: string, step: (context: QuickJSContext) => Step<T>): Promise<Step<T>> {
  const quickjs = await loadSandbox();
  if (source.length > MAX_SOURCE_LENGTH) return { failure: { message: `A transformation is at most ${MAX_SOURCE_LENGTH} characters.`, line: null, limit: false } };
  const rt = currentRuntime(quickjs);
  const context = rt.newContext({ intrinsics: INTRINSICS });
  let result: Step<T> | undefined;
  try {
    rt.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + RUN_LIMIT_MS));
    result = step(context);
  } finally {
    rt.removeInterruptHandler();
    context.dispose();
    if (!result || ("failure" in result && result.failure.limit)) retireRuntime();
  }
  return result;
}

/**
 * Runs `source`'s handler on the webhook. Never throws for the code's faults: a syntax error, a thrown error, a limit
 * or a malformed return answers `{ ok: false, message, line }`.
 */
export async function runTransformation(source: string, webhook: Webhook): Promise<SandboxResult> {
  const ran = await inFreshContext<string>(source, (context) => {
    const defined = context.evalCode(source, FILE);
    if (defined.error) return { failure: describe(context, defined.error) };
    defined.value.dispose();
    const input = context.newString(JSON.stringify(webhook));
    context.setProp(context.global, "__input", input);
    input.dispose();
    const called = context.evalCode(CALL, "<call>");
    if (called.error) return { failure: describe(context, called.error) };
    const output = context.getString(called.value);
    called.value.dispose();
    return { value: output };
  });
  if ("failure" in ran) return { ok: false, message: ran.failure.message, line: ran.failure.line };
  const checked = asWebhook(JSON.parse(ran.value));
  if (typeof checked === "string") return { ok: false, message: checked, line: null };
  return { ok: true, webhook: checked };
}

/** Whether `source` defines a handler: its syntax error (with line) or null. For saving a transformation. */
export async function checkTransformation(source: string): Promise<SandboxError | null> {
  const checked = await inFreshContext<null>(source, (context) => {
    const defined = context.evalCode(`${source}\n;typeof handler === "function"`, FILE);
    if (defined.error) return { failure: describe(context, defined.error) };
    const isFunction = context.dump(defined.value) === true;
    defined.value.dispose();
    return isFunction ? { value: null } : { failure: { message: "Define function handler(webhook) { ...; return webhook }", line: null, limit: false } };
  });
  return "failure" in checked ? { message: checked.failure.message, line: checked.failure.line } : null;
}

/**
 * For saving a transformation (an endpoint's, a connection's, a version's converter): refuses one that does not
 * compile or defines no handler as a validation error on `field`, with its line.
 */
export async function assertTransformationCompiles(source: string | null | undefined, field: string) {
  const problem = source ? await checkTransformation(source) : null;
  if (problem) throw new z.ZodRealError([{ code: "custom", path: [field], message: problem.line ? `Line ${problem.line}: ${problem.message}` : problem.message, input: source }]);
}
