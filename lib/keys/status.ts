export type KeyStatus = "active" | "expiring" | "expired" | "revoked";

const EXPIRING_WINDOW_MS = 7 * 86400_000;

/** How a key stands now: expiring means it stops working within a week (a roll's overlap, or a set expiry). */
export function keyStatus(key: { revokedAt: Date | null; expiresAt: Date | null }, now = Date.now()): KeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= now) return "expired";
  if (key.expiresAt && key.expiresAt.getTime() - now < EXPIRING_WINDOW_MS) return "expiring";
  return "active";
}
