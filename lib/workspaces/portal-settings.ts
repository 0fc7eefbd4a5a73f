import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db";
import { workspaces } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import type { RequestContext } from "@/lib/api";

const color = z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #4f46e5").or(z.literal("")).transform((c) => c || null);

/** A bare origin: what CSP frame-ancestors takes, and nothing that could smuggle another directive into the header. */
const origin = z
  .string()
  .trim()
  .regex(/^https?:\/\/[a-zA-Z0-9.-]+(:\d{1,5})?$/, "Use an origin such as https://app.example.com (scheme, host and optional port, no path)");

export const portalSettingsSchema = z.object({
  displayName: z.string().trim().max(100, "Use at most 100 characters").transform((n) => n || null),
  logoUrl: z.string().trim().max(2000).url("Enter the logo's https URL").refine((u) => u.startsWith("https://"), "Use an https URL").or(z.literal("")).transform((u) => u || null),
  accentColor: color,
  accentColorDark: color,
  /** One origin a line (or comma-separated). */
  frameOrigins: z
    .string()
    .default("")
    .transform((text) => [...new Set(text.split(/[\s,]+/).filter(Boolean))])
    .pipe(z.array(origin).max(20, "List at most 20 origins")),
});

/** The consumer portal's branding and the origins that may frame it. */
export async function updatePortalSettings(input: z.input<typeof portalSettingsSchema>, ctx: RequestContext, tx: Tx) {
  const data = portalSettingsSchema.parse(input);
  const values = { portalDisplayName: data.displayName, portalLogoUrl: data.logoUrl, portalAccentColor: data.accentColor, portalAccentColorDark: data.accentColorDark, portalFrameOrigins: data.frameOrigins };
  const [before] = await tx.select().from(workspaces).where(eq(workspaces.id, ctx.workspaceId));
  await tx.update(workspaces).set(values).where(eq(workspaces.id, ctx.workspaceId));
  const pick = (w: typeof before) => ({ portalDisplayName: w.portalDisplayName, portalLogoUrl: w.portalLogoUrl, portalAccentColor: w.portalAccentColor, portalAccentColorDark: w.portalAccentColorDark, portalFrameOrigins: w.portalFrameOrigins });
  await recordAudit(tx, { workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request, action: "workspace.portal_update", target: { type: "workspace", id: ctx.workspaceId }, before: pick(before), after: values });
  return data;
}
