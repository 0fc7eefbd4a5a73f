// Each recipe installed and run end to end: its sample request, signed as its provider signs, posted to the source
// it made (/in/<token>), routed by its connection into a message for its endpoint, delivered to a loopback receiver
// in the receiver's format (the built-in template's target, checked by validateOutput). Installing is one
// transaction: a refused part leaves nothing behind.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, connections, deliveries, endpoints, messages, sources, templates } from "@/db/schema";
import { installRecipe } from "@/lib/integrations/recipes/install";
import { RECIPES, type Recipe } from "@/lib/integrations/recipes/catalog";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { builtInTemplate, validateOutput } from "@/lib/payloads";
import { generateEndpointSecret, signatureHeaders } from "@/lib/signing";
import { createOwner } from "@/tests/helpers/factories";
import { postInbound } from "@/tests/inbound/helpers";

let owner: Awaited<ReturnType<typeof createOwner>>;
const received = new Map<string, { headers: http.IncomingHttpHeaders; body: string }>();
let server: http.Server;
let base: string;

beforeAll(async () => {
  owner = await createOwner();
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.set(req.url ?? "", { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The secret the recipe's provider signs with, and the headers it would send with `body`. */
function signed(recipe: Recipe, body: string): { secret: string; headers: Record<string, string> } {
  const hex = (secret: string, ...parts: string[]) => createHmac("sha256", secret).update(parts.join("")).digest("hex");
  const now = Math.floor(Date.now() / 1000);
  switch (recipe.source.provider) {
    case "stripe": {
      const secret = "whsec_recipe_test_secret";
      return { secret, headers: { "stripe-signature": `t=${now},v1=${hex(secret, `${now}.`, body)}` } };
    }
    case "github": {
      const secret = "github-recipe-secret";
      return { secret, headers: { "x-hub-signature-256": `sha256=${hex(secret, body)}` } };
    }
    case "shopify": {
      const secret = "shopify-recipe-secret";
      return { secret, headers: { "x-shopify-hmac-sha256": createHmac("sha256", secret).update(body).digest("base64") } };
    }
    case "standard_webhooks": {
      const secret = generateEndpointSecret();
      const id = String(recipe.sample.headers["webhook-id"]);
      return { secret, headers: signatureHeaders({ id, timestamp: now, body, secrets: [secret] }) };
    }
  }
}

describe.each(RECIPES.map((r) => [r.id, r] as const))("recipe %s", (id, recipe) => {
  it("installs its source, template, endpoint and connection in one step and runs its sample through to the receiver", async () => {
    const body = JSON.stringify(recipe.sample.body);
    const { secret, headers } = signed(recipe, body);
    const installed = await installRecipe({ recipe: id, destinationUrl: `${base}/${id}`, sourceSecret: secret, sourceName: `${recipe.source.name} ${id}` }, owner.ctx);
    expect(installed.recipe).toMatchObject({ id, version: recipe.version });
    expect(installed.endpoint).toMatchObject({ url: `${base}/${id}`, payloadFormat: "template", templateId: installed.template.id, eventTypes: recipe.destination.eventTypes });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "recipe.install"), eq(auditLog.targetId, installed.source.id)));
    expect(audit.after).toMatchObject({ recipe: id, endpointId: installed.endpoint.id, connectionId: installed.connection.id, templateId: installed.template.id });

    const { response, json } = await postInbound(installed.source.url, { body, headers: { "content-type": "application/json", ...recipe.sample.headers, ...headers } });
    expect(response.status, JSON.stringify(json)).toBe(200);
    const [message] = await db().select().from(messages).where(eq(messages.eventId, String(json.id)));
    const [delivery] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, message.id), eq(deliveries.endpointId, installed.endpoint.id)));
    expect((await attemptDelivery(delivery.id)).status).toBe("succeeded");

    const got = received.get(`/${id}`)!;
    const target = builtInTemplate(recipe.destination.builtInTemplate)!.target;
    expect(validateOutput(target, got.body)).toEqual({ ok: true });
    if (recipe.connection.transform?.eventType) expect(recipe.destination.eventTypes ?? [message.eventType]).toContain(message.eventType);
  });
});

describe("installing", () => {
  it("creates nothing when a part is refused (one transaction), and says which field", async () => {
    const count = async () => ({
      sources: (await db().select().from(sources).where(eq(sources.workspaceId, owner.workspace.id))).length,
      templates: (await db().select().from(templates).where(eq(templates.workspaceId, owner.workspace.id))).length,
      endpoints: (await db().select().from(endpoints).where(eq(endpoints.workspaceId, owner.workspace.id))).length,
      connections: (await db().select().from(connections).where(eq(connections.workspaceId, owner.workspace.id))).length,
    });
    const before = await count();
    await expect(installRecipe({ recipe: "github-to-slack", destinationUrl: "ftp://nowhere.example/x", sourceName: "Refused" }, owner.ctx)).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["destinationUrl"] })] });
    expect(await count()).toEqual(before);
  });

  it("leaves every part editable as an ordinary one: the connection's filter, the endpoint, the template", async () => {
    const installed = await installRecipe({ recipe: "any-event-to-teams", destinationUrl: `${base}/edited`, sourceName: "Editable" }, owner.ctx);
    const { updateConnection } = await import("@/lib/inbound/connections");
    const { updateEndpoint } = await import("@/lib/outbound/endpoints");
    const changed = await updateConnection({ id: installed.connection.id, filter: { path: "body.type", op: "eq", value: "invoice.paid" } }, owner.ctx);
    expect(changed.filter).toEqual({ path: "body.type", op: "eq", value: "invoice.paid" });
    expect((await updateEndpoint({ id: installed.endpoint.id, description: "Teams #ops" }, owner.ctx)).description).toBe("Teams #ops");
  });
});
