import { createHash } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import { db } from "@/db";
import { idempotencyRecords } from "@/db/schema";
import { AppError } from "@/lib/api/errors";
import { decryptSecret, encryptSecret } from "@/lib/platform";

export const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;

/**
 * Stored responses are sealed: some carry a secret shown once (an endpoint's signing secret on creation), and the
 * record keeps it for the whole replay window. The row holds the sealed JSON as a jsonb string.
 */
const seal = (body: unknown) => encryptSecret(JSON.stringify(body));
// Records written before sealing (an object, never a string) replay as they are until their window ends.
const unseal = (stored: unknown): unknown => (typeof stored === "string" ? JSON.parse(decryptSecret(stored)) : stored);

export type IdempotencyClaim =
  | { kind: "new"; release: (response: { status: number; body: unknown; replayable?: boolean }) => Promise<void> }
  | { kind: "replay"; status: number; body: unknown };

/**
 * Whose rules a key follows, on the one store:
 *   switchboard  a repeat with the same body gets the stored response, errors included (5xx excepted); another body
 *                under the same key is a 409 idempotency_conflict
 *   svix         Svix's: only a successful (2xx) response is stored, so a retry after any error runs again; a repeat
 *                gets it whatever its body (Svix compares none), though a repeat on another path is still a 409
 */
export type IdempotencySemantics = "switchboard" | "svix";

/**
 * Claims an Idempotency-Key for a POST. The first request inserts a pending record and runs; a repeat with the same
 * body gets the stored response; a repeat with another body, or one that arrives while the first still runs, is a 409.
 * Server errors are not stored, so a retry after a 5xx runs again. `namespace` keeps one caller's keys apart from the
 * rest of the workspace's (a portal session's).
 */
export async function claimIdempotencyKey(
  workspaceId: string,
  idempotencyKey: string,
  request: { method: string; path: string; body: string },
  options: { semantics?: IdempotencySemantics; namespace?: string } = {},
): Promise<IdempotencyClaim> {
  if (idempotencyKey.length < 1 || idempotencyKey.length > 255) throw new AppError("bad_request", "Idempotency-Key must be 1 to 255 characters.");
  const svix = options.semantics === "svix";
  const key = `${options.namespace ?? ""}${idempotencyKey}`;
  const requestHash = createHash("sha256").update(`${request.method} ${request.path}\n${svix ? "" : request.body}`).digest("hex");
  const where = and(eq(idempotencyRecords.workspaceId, workspaceId), eq(idempotencyRecords.key, key));
  // An expired record is forgotten first, so the key can start afresh.
  await db().delete(idempotencyRecords).where(and(where, lt(idempotencyRecords.createdAt, new Date(Date.now() - IDEMPOTENCY_WINDOW_MS))));
  const [inserted] = await db()
    .insert(idempotencyRecords)
    .values({ workspaceId, key, method: request.method, path: request.path, requestHash })
    .onConflictDoNothing()
    .returning();
  if (inserted) {
    return {
      kind: "new",
      release: async ({ status, body, replayable = true }) => {
        if (status >= (svix ? 300 : 500) || !replayable) await db().delete(idempotencyRecords).where(where);
        else await db().update(idempotencyRecords).set({ responseStatus: status, responseBody: seal(body) }).where(where);
      },
    };
  }
  const [existing] = await db().select().from(idempotencyRecords).where(where);
  if (!existing) return claimIdempotencyKey(workspaceId, idempotencyKey, request, options); // expired and removed between the two statements
  if (existing.requestHash !== requestHash) {
    throw new AppError("idempotency_conflict", "This Idempotency-Key was already used with a different request. Use a new key for a new request.");
  }
  if (existing.responseStatus === null) {
    throw new AppError("idempotency_in_progress", "A request with this Idempotency-Key is still being processed. Retry shortly.");
  }
  return { kind: "replay", status: existing.responseStatus, body: unseal(existing.responseBody) };
}

/** Drops records past the replay window (scheduled job). */
export async function purgeExpiredIdempotencyRecords(now = new Date()) {
  const removed = await db()
    .delete(idempotencyRecords)
    .where(lt(idempotencyRecords.createdAt, new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS)))
    .returning({ key: idempotencyRecords.key });
  return removed.length;
}
