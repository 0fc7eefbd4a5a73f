import { AsyncLocalStorage } from "node:async_hooks";
import type postgres from "postgres";

/**
 * Bounded waits for the database (DESIGN §8, crash safety): during an outage every request answers 503
 * `database_unavailable` within a bounded time, and nothing it tried to write is written later.
 *
 * postgres.js queues a query while it reconnects, with a backoff, and runs it whenever a connection comes back;
 * `connect_timeout` bounds one connection attempt, not a queued query. A request that gave up on such a query while
 * it still sat in the queue would be written after its 503 once the database returned. So here a query may wait in
 * the queue only until its deadline, and is then *abandoned*: its caller gets a DatabaseUnavailableError, and the
 * queued query is turned into `select 1` before any connection takes it, so it can never write anything. A query a
 * connection has already taken (sent to the server) is left alone and its caller waits for the outcome, because
 * only that outcome tells whether it committed; on a stopped server that outcome is an error at once. Nothing here
 * races a request against a timer: a request answers only once every query of its own has settled or been
 * abandoned, so a 503 never stands for a write still on its way.
 *
 * Inside a transaction only BEGIN can wait in the queue; the statements after it run on the transaction's own
 * connection, and COMMIT is sent only when the transaction's code finishes, so an abandoned BEGIN means the
 * transaction's code never runs.
 *
 * A request (`withDatabaseDeadline`) has one deadline for all its waits; any other query, a page's for instance, may
 * wait the default bound. A connection failure, or a query abandoned at its deadline, marks the database down. While
 * it is down, queries are refused before they reach the driver (a request answers 503 in milliseconds), and a probe
 * asks every PROBE_INTERVAL_MS until the database answers again; any query that succeeds also marks it up.
 * Background work (the delivery worker and scheduled jobs, started under `inBackground`) is never bounded: its
 * queries wait for the database as before, so a worker outlives an outage without losing the outcomes it holds.
 *
 * Not covered: a statement already sent on a connection that then goes silent (a network partition rather than a
 * stopped server) is waited for until the connection fails, since answering before would leave its outcome unknown.
 */

/** A request's deadline lasts while it runs; work it leaves behind (a streamed body) gets the default bound. */
type Scope = { kind: "background" } | { kind: "request"; deadline?: number };

// Kept on globalThis: Next may load this module once per bundle (instrumentation's, each route's), and the worker's
// background scope, set in one, must be seen by the database client of another.
const SCOPES = Symbol.for("switchboard.database-scopes");
const scopes: AsyncLocalStorage<Scope> = ((globalThis as { [SCOPES]?: AsyncLocalStorage<Scope> })[SCOPES] ??= new AsyncLocalStorage<Scope>());

/** How often the probe asks the database while it is down (each probe waits the default bound). */
const PROBE_INTERVAL_MS = 500;

export class DatabaseUnavailableError extends Error {
  readonly code = "DATABASE_UNAVAILABLE";
  constructor(message: string) {
    super(message);
    this.name = "DatabaseUnavailableError";
  }
}

/** Whether the database is reachable, as last seen by a query; `reason` says why not. For health checks. */
export interface DatabaseAvailability {
  up: boolean;
  since: Date;
  reason?: string;
}

let availability: DatabaseAvailability = { up: true, since: new Date() };
let probeTimer: NodeJS.Timeout | undefined;
let probe: (() => void) | undefined;

export function databaseAvailability(): DatabaseAvailability {
  return availability;
}

function markDown(reason: string) {
  if (!availability.up) return;
  availability = { up: false, since: new Date(), reason };
  console.warn(JSON.stringify({ level: "warn", msg: "database unavailable; requests answer 503 until it returns", reason }));
  scheduleProbe();
}

function markUp() {
  if (availability.up) return;
  const downForMs = Date.now() - availability.since.getTime();
  availability = { up: true, since: new Date() };
  console.log(JSON.stringify({ level: "info", msg: "database available again", downForMs }));
}

function scheduleProbe() {
  if (probeTimer || !probe) return;
  probeTimer = setTimeout(() => {
    probeTimer = undefined;
    if (availability.up) return;
    probe?.();
    scheduleProbe();
  }, PROBE_INTERVAL_MS).unref();
}

/** Connection-level failures: the server is gone or refuses, not a problem with the query. */
const UNREACHABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_DESTROYED", "57P01", "57P02", "57P03"]);

function unreachable(error: unknown): boolean {
  return UNREACHABLE.has((error as { code?: string } | null)?.code ?? "");
}

/**
 * Runs a request's work with one deadline for all its waits on the database (`timeoutMs` from its start). A query
 * still queued at the deadline is abandoned; one a connection takes at once may still start after it.
 */
export async function withDatabaseDeadline<T>(timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const scope: Scope = { kind: "request", deadline: performance.now() + timeoutMs };
  try {
    return await scopes.run(scope, fn);
  } finally {
    scope.deadline = undefined;
  }
}

/** Runs long-lived background work (the worker, scheduled jobs) whose queries wait for the database unbounded. */
export function inBackground<T>(fn: () => T): T {
  return scopes.run({ kind: "background" }, fn);
}

type Client = ReturnType<typeof postgres>;

/** The parts of a postgres.js Query (a lazy Promise) this module touches. Internal to postgres.js 3.4, pinned. */
interface PendingQuery extends Promise<unknown> {
  handler: ((query: PendingQuery) => void) & { debug?: unknown };
  state: unknown;
  strings: readonly string[];
  args: unknown[];
  tagged: boolean;
  options: Record<string, unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const isQuery = (value: unknown): value is PendingQuery =>
  value instanceof Promise && typeof (value as Partial<PendingQuery>).handler === "function";

/**
 * Takes a queued query out of play: it becomes `select 1`, so the connection that eventually takes it runs that
 * harmlessly and carries on (postgres.js's own cancel of a query waiting for a new connection would leave that
 * connection stuck as "connecting"), and its caller is told at once.
 */
function abandon(query: PendingQuery, message: string) {
  query.strings = ["select 1"];
  query.args = [];
  query.tagged = false;
  // Also drops a BEGIN's hook that would reserve the connection for a transaction that is never coming.
  query.options = { simple: true, prepare: false };
  query.reject(new DatabaseUnavailableError(message));
}

/**
 * Bounds the client's queries as described above: every query made through `client.unsafe` (all of Drizzle's,
 * and BEGIN) and through the returned tag function. Returns the tag function to use for raw queries.
 */
export function boundQueueWaits(client: Client, defaultTimeoutMs: number): Client {
  const unsafe = client.unsafe.bind(client);
  const poolHandler = (unsafe("select 1") as unknown as PendingQuery).handler;

  const admit = (query: PendingQuery, scope: Scope | undefined, isProbe: boolean) => {
    // Set only while the query waits in the queue; settling it (either way) ends the wait.
    const wait: { timer?: NodeJS.Timeout } = {};
    const { resolve, reject } = query;
    query.resolve = (value) => {
      clearTimeout(wait.timer);
      markUp();
      resolve(value);
    };
    query.reject = (error) => {
      clearTimeout(wait.timer);
      if (unreachable(error)) markDown((error as Error).message);
      reject(error);
    };
    // While the database is down nothing waits for it: the probe finds out when it is back.
    if (!availability.up && !isProbe) return query.reject(new DatabaseUnavailableError("The database is unavailable."));
    poolHandler(query);
    if (query.state) return; // a connection took it: the usual case, with no clock read and no timer
    const started = performance.now();
    const limit = (scope?.kind === "request" ? scope.deadline : undefined) ?? started + defaultTimeoutMs;
    if (limit <= started) return abandon(query, "No database connection became available in time.");
    wait.timer = setTimeout(() => {
      if (query.state) return;
      const message = `No database connection became available within ${Math.round(performance.now() - started)} ms.`;
      markDown(message);
      abandon(query, message);
    }, limit - started);
  };

  const bound = <T>(query: T, isProbe = false): T => {
    if (!isQuery(query)) return query; // fragments' helpers (identifiers, builders) are not queries
    const scope = scopes.getStore();
    if (scope?.kind === "background") return query;
    const handler: PendingQuery["handler"] = (q) => admit(q, scope, isProbe);
    handler.debug = query.handler.debug;
    query.handler = handler;
    return query;
  };

  client.unsafe = ((...args: Parameters<Client["unsafe"]>) => bound(unsafe(...args))) as Client["unsafe"];
  probe = () => {
    scopes.exit(() => bound(unsafe("select 1"), true).catch(() => {}));
  };
  return new Proxy(client, { apply: (target, thisArg, args) => bound(Reflect.apply(target, thisArg, args)) });
}

/** Tests open and close clients against different servers; this forgets what the last one saw. */
export function resetDatabaseAvailability() {
  clearTimeout(probeTimer);
  probeTimer = undefined;
  probe = undefined;
  availability = { up: true, since: new Date() };
}
