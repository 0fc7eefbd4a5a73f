import { eq } from "drizzle-orm";
import { db } from "@/db";
import { memberships, users } from "@/db/schema";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { createApiKey, rollApiKey } from "@/lib/keys/service";
import { sendMessage } from "@/lib/outbound/send";
import { createSource } from "@/lib/inbound/sources";
import { contextFor } from "./factories";

/**
 * Fills the workspace of a user who has signed in through the browser with one of everything the dashboard lists
 * (an event type, an endpoint with a pending delivery, a message, a source, a rolled API key), so page-level browser
 * tests see real rows rather than empty states. Returns the ids the detail pages need.
 */
export async function seedDashboard(email: string) {
  const [user] = await db().select().from(users).where(eq(users.email, email));
  const [membership] = await db().select().from(memberships).where(eq(memberships.userId, user.id));
  const ctx = contextFor(membership.workspaceId, user, "owner");
  const eventType = await createEventType(
    { name: "invoice.paid", schema: { type: "object", properties: { amount: { type: "integer" } } }, samplePayload: { amount: 4200 } },
    ctx,
  );
  // A loopback port nothing listens on: the delivery stays pending (no worker runs) with a long URL to lay out.
  const { endpoint } = await createEndpoint(
    { url: "http://127.0.0.1:9/webhooks/billing/a-rather-long-path-that-must-wrap-or-truncate-on-a-phone", description: "Billing receiver" },
    ctx,
  );
  const { message } = await sendMessage({ eventType: "invoice.paid", payload: { amount: 4200 }, eventId: "order-1234" }, ctx);
  const source = await createSource({ name: "Stripe production" }, ctx);
  const { apiKey } = await createApiKey({ name: "CI deploys", scopes: ["messages:write"], ipAllowlist: "" }, ctx);
  await rollApiKey({ keyId: apiKey.id, overlapHours: 24 }, ctx);
  return { ctx, eventTypeId: eventType.id, endpointId: endpoint.id, messageId: message.id, sourceId: source.id, keyId: apiKey.id };
}
