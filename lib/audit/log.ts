import { auditLog } from "@/db/schema";
import type { Tx } from "@/db";
import type { RequestMeta } from "@/lib/api";

export type Actor =
  | { type: "user"; id: string; label: string }
  | { type: "api_key"; id: string; label: string }
  | { type: "system"; id: null; label: string }
  // The consumer portal: id is the portal session's, the label names its application.
  | { type: "portal_session"; id: string; label: string };

export interface AuditEntry {
  workspaceId: string;
  actor: Actor;
  action: string;
  target: { type: string; id: string | null };
  before?: unknown;
  after?: unknown;
  request: RequestMeta;
}

const SECRET_FIELD = /(secret|token|password|passwd|hash|authorization|cookie|credential|private|^key$)/i;

/** Replaces every value under a secret-looking field name, at any depth, so the audit trail never holds secrets. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) && v != null ? "[redacted]" : redact(v)]),
    );
  }
  return value;
}

/** Writes one audit row. Call it with the same transaction as the change, so a failed change leaves no row. */
export async function recordAudit(tx: Tx, entry: AuditEntry) {
  await tx.insert(auditLog).values({
    workspaceId: entry.workspaceId,
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    actorLabel: entry.actor.label,
    action: entry.action,
    targetType: entry.target.type,
    targetId: entry.target.id,
    before: entry.before === undefined ? null : redact(entry.before),
    after: entry.after === undefined ? null : redact(entry.after),
    ip: entry.request.ip,
    userAgent: entry.request.userAgent,
    requestId: entry.request.requestId,
  });
}
