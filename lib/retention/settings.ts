import { eq } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { workspaces } from "@/db/schema";
import { authorize, type RequestContext } from "@/lib/api";
import { recordAudit } from "@/lib/audit";

/** Days a workspace keeps message payloads and bodies, and the rows describing them (lib/retention/purge.ts). */
export const DEFAULT_PAYLOAD_RETENTION_DAYS = 30;
export const DEFAULT_METADATA_RETENTION_DAYS = 90;
/** Ten years: the database's check (workspaces_retention_order) holds the same bounds. */
const MAX_DAYS = 3650;

const days = (what: string) =>
  z.coerce
    .number({ error: `Enter the number of days to keep ${what}` })
    .int("Use a whole number of days")
    .min(1, "Keep them at least 1 day")
    .max(MAX_DAYS, `At most ${MAX_DAYS} days`);

export const retentionSettingsSchema = z
  .object({ payloadRetentionDays: days("payloads"), metadataRetentionDays: days("metadata") })
  // Metadata outlives the payloads: an attempt row must still be there to say its body was purged.
  .refine((s) => s.metadataRetentionDays >= s.payloadRetentionDays, {
    path: ["metadataRetentionDays"],
    message: "Keep metadata at least as long as payloads",
  });
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

/** The workspace's retention windows. */
export async function getRetentionSettings(ctx: RequestContext, tx: Tx = db()): Promise<RetentionSettings> {
  authorize(ctx, "settings:read");
  const [row] = await tx
    .select({ payloadRetentionDays: workspaces.payloadRetentionDays, metadataRetentionDays: workspaces.metadataRetentionDays })
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspaceId));
  return row;
}

/** Sets both windows (owners and admins: workspace:write), audited as workspace.retention.update. */
export async function updateRetentionSettings(input: z.input<typeof retentionSettingsSchema>, ctx: RequestContext, tx: Tx): Promise<RetentionSettings> {
  authorize(ctx, "workspace:write");
  const data = retentionSettingsSchema.parse(input);
  const before = await getRetentionSettings(ctx, tx);
  await tx.update(workspaces).set(data).where(eq(workspaces.id, ctx.workspaceId));
  await recordAudit(tx, {
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    request: ctx.request,
    action: "workspace.retention.update",
    target: { type: "workspace", id: ctx.workspaceId },
    before,
    after: data,
  });
  return data;
}
