import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { timestamp } from "@/lib/api";
import { portalAccessSchema } from "./portal-sessions";

/** Response shapes of the consumer portal's access routes and their OpenAPI operations. */

export const portalAccessOut = z
  .object({
    url: z.string().describe("The portal link, on the server's public URL. It opens once: hand it to your customer (or load it in an iframe) right away."),
    token: z.string().describe("The one-time token inside the link."),
    sessionId: z.string(),
    readOnly: z.boolean(),
    expiresAt: timestamp,
  })
  .openapi("PortalAccess");

export const portalExpireAllOut = z.object({ expired: z.number().int().describe("Sessions that were live and are now ended.") }).openapi("PortalExpireAll");

type Operation = Omit<RouteConfig, "responses"> & { responses: RouteConfig["responses"] };

const content = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });

export function registerPortalOperations(op: (operation: Operation) => void) {
  const tags = ["Consumer portal"];
  const ref = { params: z.object({ id: z.string().openapi({ description: "The application's id (`app_…`) or uid." }) }) };
  op({ method: "post", path: "/applications/{id}/portal-access", summary: "Create a consumer portal link", tags,
    description: "A single-use link to the consumer portal for this application alone: the customer manages its endpoints, secrets and deliveries without an account. `expiresIn` is the session's lifetime in seconds (3600 to 604800, 3600 by default); `readOnly` hides and refuses every change. Audited. Needs `applications:write`.",
    request: { ...ref, body: { content: { "application/json": { schema: portalAccessSchema.omit({ id: true }) } } } },
    responses: { 201: content(portalAccessOut, "The link.") } });
  op({ method: "post", path: "/applications/{id}/portal-access/expire-all", summary: "End every portal session of an application", tags,
    description: "Every link and session of the application stops working at once. Audited. Needs `applications:write`.",
    request: ref, responses: { 200: content(portalExpireAllOut, "How many sessions ended.") } });
}
