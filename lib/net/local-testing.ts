import { eq } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { workspaces } from "@/db/schema";
import { AppError, type RequestContext } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { policyFromEnv, policyWithLocalTesting, type TargetPolicy } from "@/lib/net/ssrf";
import { env } from "@/lib/platform";

/**
 * "Local testing": in the embedded mode (one person's laptop) a workspace may let its endpoints reach loopback
 * receivers, such as a test server on the same machine. Off by default, audited, and ignored in every other mode,
 * where loopback stays closed unless ALLOW_PRIVATE_TARGETS says otherwise for the whole deployment.
 */

export function localTestingAvailable(): boolean {
  return env().mode === "embedded";
}

/** The SSRF policy for one workspace's endpoints: the environment's, plus loopback when its local testing is on. */
export async function targetPolicyFor(workspaceId: string, tx: Tx = db()): Promise<TargetPolicy> {
  // Outside the embedded mode, or when the environment already opens private targets, the setting changes nothing.
  if (!localTestingAvailable() || policyFromEnv().allowPrivate) return policyFromEnv();
  const [row] = await tx.select({ localTesting: workspaces.localTesting }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return policyWithLocalTesting(row?.localTesting ?? false);
}

export const localTestingSchema = z.object({ enabled: z.boolean() });

export async function setLocalTesting(input: z.input<typeof localTestingSchema>, ctx: RequestContext, tx: Tx) {
  const { enabled } = localTestingSchema.parse(input);
  if (!localTestingAvailable()) {
    throw new AppError("forbidden", "Local testing exists only in the embedded mode. Elsewhere, ALLOW_PRIVATE_TARGETS=1 opens private targets (development only).");
  }
  const [before] = await tx.select({ localTesting: workspaces.localTesting }).from(workspaces).where(eq(workspaces.id, ctx.workspaceId));
  if (before.localTesting === enabled) return { enabled };
  await tx.update(workspaces).set({ localTesting: enabled }).where(eq(workspaces.id, ctx.workspaceId));
  await recordAudit(tx, {
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    request: ctx.request,
    action: "workspace.local_testing",
    target: { type: "workspace", id: ctx.workspaceId },
    before: { localTesting: before.localTesting },
    after: { localTesting: enabled },
  });
  return { enabled };
}
