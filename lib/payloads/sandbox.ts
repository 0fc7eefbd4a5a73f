import { Worker } from "node:worker_threads";
import { z } from "zod";

/**
 * Transformations: workspace members' JavaScript, Svix-compatible,
 *
 *   function handler(webhook) { webhook.payload = { text: webhook.payload.name }; return webhook }
 *
 * run in QuickJS compiled to WebAssembly (sandbox-worker.mjs). The code sees only ECMAScript's built-ins: no require,
 * process, fetch, timers, file system or Promise (a handler is synchronous), and nothing of this process (`globalThis`
 * is the sandbox's own). Each run gets a fresh context, so nothing one run leaves behind reaches the next, under limits
 * of time (RUN_LIMIT_MS, by QuickJS's interrupt handler), memory (MEMORY_LIMIT_BYTES) and stack (STACK_LIMIT_BYTES).
 *
 * QuickJS checks its interrupt handler between bytecodes only: one built-in call can outlast it (a string built under
 * memory pressure took 10 s to fail with "out of memory", whatever the memory limit). So runs happen in a pool of
 * POOL_SIZE worker threads, each with its WebAssembly module and runtime reused across runs, and a run still going
 * after HARD_LIMIT_MS has its thread terminated and replaced: no transformation holds this event loop, or a pool
 * thread, past that deadline.
 */

export const RUN_LIMIT_MS = 50;
/** Wall time from handing a run to a thread to its answer, after which the thread is terminated. */
export const HARD_LIMIT_MS = 250;
export const MEMORY_LIMIT_BYTES = 16 * 1024 * 1024;
/** Well under the thread's own stack: QuickJS's frames live on it. */
export const STACK_LIMIT_BYTES = 192 * 1024;
export const MAX_SOURCE_LENGTH = 50_000;
/** The machine's two cores: the delivery worker's own thread keeps the rest. */
const POOL_SIZE = 2;
/**
 * Relative to this module, which the esbuild bundle (scripts/build-server.mjs) and Next's server build (an asset it
 * copies) both keep true.
 */
const WORKER_FILE = new URL("./sandbox-worker.mjs", import.meta.url);

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

type Request = { kind: "run"; source: string; input: string } | { kind: "check"; source: string };
/** A worker's answer: the handler's output (JSON), null for a check, or why it failed. */
type Step = { value: string | null } | { failure: SandboxError };

interface Job {
  request: Request;
  resolve: (step: Step) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  /** Its module is loaded: requests sent from then on are timed from the moment they are sent. */
  ready: boolean;
  loaded: Promise<void>;
  job?: Job;
  deadline?: NodeJS.Timeout;
}

const TIMED_OUT: SandboxError = { message: "The transformation exceeded its time limit and was stopped.", line: null };

const queue: Job[] = [];
let pool: Thread[] | undefined;
let warm: Promise<void> | undefined;

function startThread(): Thread {
  const worker = new Worker(WORKER_FILE, { workerData: { runLimitMs: RUN_LIMIT_MS, memoryLimitBytes: MEMORY_LIMIT_BYTES, stackLimitBytes: STACK_LIMIT_BYTES } });
  let onLoaded = () => {};
  let onFailedToLoad = (_: Error) => {};
  const loaded = new Promise<void>((resolve, reject) => ((onLoaded = resolve), (onFailedToLoad = reject)));
  // Only loadSandbox waits for it; runs learn of a failed start through abandonPool.
  loaded.catch(() => {});
  const thread: Thread = { worker, ready: false, loaded };
  worker.on("message", (message: "ready" | { step: Step }) => {
    if (message === "ready") {
      thread.ready = true;
      onLoaded();
    } else settle(thread)?.resolve(message.step);
    dispatch();
  });
  const lost = (error: Error) => {
    if (!pool?.includes(thread)) return;
    if (thread.ready) return replace(thread)?.resolve({ failure: { message: `The sandbox failed while running the transformation: ${error.message}`, line: null } });
    onFailedToLoad(error);
    abandonPool(error);
  };
  worker.on("error", lost);
  worker.on("exit", (code) => lost(new Error(`its thread exited (${code})`)));
  return thread;
}

/** The pool, started on first use. */
function threads(): Thread[] {
  pool ??= Array.from({ length: POOL_SIZE }, startThread);
  return pool;
}

/** Frees `thread` of its job, which it returns. */
function settle(thread: Thread): Job | undefined {
  const job = thread.job;
  clearTimeout(thread.deadline);
  thread.job = undefined;
  return job;
}

/** Terminates `thread` (once: it then leaves the pool) and starts another in its place. Returns its job. */
function replace(thread: Thread): Job | undefined {
  if (!pool?.includes(thread)) return undefined;
  pool[pool.indexOf(thread)] = startThread();
  void thread.worker.terminate();
  return settle(thread);
}

/**
 * A thread that fails before its module loaded would fail again the same way (a missing file, a broken package):
 * rather than restarting it in a loop, the pool is dropped and the waiting runs rejected; the next run starts a new one.
 */
function abandonPool(error: Error) {
  const threads = pool ?? [];
  pool = undefined;
  warm = undefined;
  for (const thread of threads) {
    void thread.worker.terminate();
    settle(thread)?.reject(error);
  }
  for (const job of queue.splice(0)) job.reject(error);
}

/**
 * Hands queued jobs to idle, loaded threads, each under HARD_LIMIT_MS. A thread loading or with work keeps the process
 * alive; an idle one does not.
 */
function dispatch() {
  for (const thread of threads()) {
    const job = thread.ready && !thread.job ? queue.shift() : undefined;
    if (job) {
      thread.job = job;
      thread.deadline = setTimeout(() => replace(thread)?.resolve({ failure: TIMED_OUT }), HARD_LIMIT_MS);
      thread.worker.postMessage(job.request);
    }
    if (!thread.ready || thread.job || queue.length) thread.worker.ref();
    else thread.worker.unref();
  }
}

function inSandbox(request: Request): Promise<Step> {
  if (request.source.length > MAX_SOURCE_LENGTH) return Promise.resolve({ failure: { message: `A transformation is at most ${MAX_SOURCE_LENGTH} characters.`, line: null } });
  return new Promise((resolve, reject) => {
    queue.push({ request, resolve, reject });
    dispatch();
  });
}

/** Starts the pool and waits until its threads loaded QuickJS (once); runs wait by themselves, a hot path may warm it first. */
export function loadSandbox(): Promise<void> {
  warm ??= Promise.all(threads().map((thread) => thread.loaded)).then(() => undefined);
  return warm;
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

/**
 * Runs `source`'s handler on the webhook. Never throws for the code's faults: a syntax error, a thrown error, a limit
 * or a malformed return answers `{ ok: false, message, line }`.
 */
export async function runTransformation(source: string, webhook: Webhook): Promise<SandboxResult> {
  const ran = await inSandbox({ kind: "run", source, input: JSON.stringify(webhook) });
  if ("failure" in ran) return { ok: false, ...ran.failure };
  const checked = asWebhook(JSON.parse(ran.value!));
  if (typeof checked === "string") return { ok: false, message: checked, line: null };
  return { ok: true, webhook: checked };
}

/** Whether `source` defines a handler: its syntax error (with line) or null. For saving a transformation. */
export async function checkTransformation(source: string): Promise<SandboxError | null> {
  const checked = await inSandbox({ kind: "check", source });
  return "failure" in checked ? checked.failure : null;
}

/**
 * For saving a transformation (an endpoint's, a connection's, a version's converter): refuses one that does not
 * compile or defines no handler as a validation error on `field`, with its line.
 */
export async function assertTransformationCompiles(source: string | null | undefined, field: string) {
  const problem = source ? await checkTransformation(source) : null;
  if (problem) throw new z.ZodRealError([{ code: "custom", path: [field], message: problem.line ? `Line ${problem.line}: ${problem.message}` : problem.message, input: source }]);
}
