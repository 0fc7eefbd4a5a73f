import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { endpoints } from "@/db/schema";
import { createAlertRule } from "@/lib/alerts";
import { authorize, type RequestContext } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { createConnection, createSource } from "@/lib/inbound";
import { createEndpoint } from "@/lib/outbound";
import { createTemplate, publishTemplate } from "@/lib/payloads";
import { optionalIdSchema } from "@/lib/platform";
import { ALERT_RECIPES, findAlertRecipe, findRecipe, RECIPES } from "@/lib/integrations/recipes/catalog";

/**
 * Installing a recipe (lib/integrations/recipes/catalog.ts): its source, a workspace template copied from the
 * recipe's built-in and published, the destination endpoint rendering its body with that template, and the
 * connection from the source to the endpoint, all in ONE transaction with a recipe.install audit row naming each
 * part (each part also has its own audit row). Nothing ties the parts together afterwards: each is edited, or
 * deleted, where such things are.
 */

export const installRecipeSchema = z.object({
  recipe: z.enum(RECIPES.map((r) => r.id) as [string, ...string[]], { error: "Pick a recipe" }),
  /** The destination's URL: the Slack, Discord or Teams webhook, or the Zap's catch hook. */
  destinationUrl: z.string().trim().min(1, "Paste the destination's webhook URL").max(2000),
  /** The application the endpoint joins (id or uid); the default one when absent. */
  application: z.string().trim().min(1).max(256).optional(),
  /** The source's name; the recipe's when absent (a name already taken is refused, 409). */
  sourceName: z.string().trim().min(1).max(80).optional(),
  /** The provider's signing secret (Stripe's whsec_…, the GitHub or Shopify webhook secret); generated when absent. */
  sourceSecret: z.string().trim().min(1).max(500).optional(),
});

export async function installRecipe(input: z.input<typeof installRecipeSchema>, ctx: RequestContext, tx: Tx = db()) {
  const data = installRecipeSchema.parse(input);
  const recipe = findRecipe(data.recipe)!;
  authorize(ctx, "sources:write");
  authorize(ctx, "endpoints:write");
  const sourceName = data.sourceName ?? recipe.source.name;
  return tx.transaction(async (t) => {
    const source = await createSource(
      { name: sourceName, description: `${recipe.source.description} (recipe ${recipe.id} v${recipe.version})`, verification: { provider: recipe.source.provider, ...(data.sourceSecret ? { secret: data.sourceSecret } : {}) } },
      ctx,
      t,
    );
    const template = await createTemplate({ name: `${sourceName}: ${recipe.destination.service}`, builtIn: recipe.destination.builtInTemplate }, ctx, t);
    await publishTemplate({ id: template.id, changelog: `From the ${recipe.name} recipe (v${recipe.version}).` }, ctx, t);
    const { endpoint, secret } = await createEndpoint(
      {
        url: data.destinationUrl,
        application: data.application,
        description: `${recipe.destination.service}, from the ${recipe.name} recipe`,
        eventTypes: recipe.destination.eventTypes,
        payloadFormat: "template",
        templateId: template.id,
        templateVersion: null,
      },
      ctx,
      t,
    ).catch((error: unknown) => {
      // The URL is the one field of the endpoint the form asks for: its refusal is the form's destinationUrl error.
      if (error instanceof z.ZodError) throw new z.ZodRealError(error.issues.map((issue) => ({ ...issue, path: issue.path[0] === "url" ? ["destinationUrl"] : issue.path })));
      throw error;
    });
    const connection = await createConnection({ sourceId: source.id, endpointId: endpoint.id, name: recipe.connection.name, filter: recipe.connection.filter, transform: recipe.connection.transform }, ctx, t);
    const created = { sourceId: source.id, templateId: template.id, endpointId: endpoint.id, connectionId: connection.id };
    await recordAudit(t, { workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request, action: "recipe.install", target: { type: "source", id: source.id }, after: { recipe: recipe.id, version: recipe.version, ...created } });
    return { recipe: { id: recipe.id, version: recipe.version, name: recipe.name }, source, template, endpoint, connection, endpointSecret: secret };
  });
}

export type InstalledRecipe = Awaited<ReturnType<typeof installRecipe>>;

export const installAlertRecipeSchema = z.object({
  recipe: z.enum(ALERT_RECIPES.map((r) => r.id) as [string, ...string[]], { error: "Pick a recipe" }),
  /** The workspace's Slack connection the alerts go to; its newest one when absent. */
  slackEndpointId: optionalIdSchema("ep"),
});

/**
 * Installing an alert recipe: its rules, each alerting the workspace's Slack connection, in ONE transaction with a
 * recipe.install audit row naming them (each rule also has its own). The rules are ordinary ones afterwards.
 */
export async function installAlertRecipe(input: z.input<typeof installAlertRecipeSchema>, ctx: RequestContext, tx: Tx = db()) {
  const data = installAlertRecipeSchema.parse(input);
  const recipe = findAlertRecipe(data.recipe)!;
  authorize(ctx, "alerts:write");
  return tx.transaction(async (t) => {
    const [slack] = await t
      .select({ id: endpoints.id, description: endpoints.description })
      .from(endpoints)
      .where(and(eq(endpoints.workspaceId, ctx.workspaceId), eq(endpoints.kind, "slack"), data.slackEndpointId ? eq(endpoints.id, data.slackEndpointId) : undefined))
      .orderBy(desc(endpoints.createdAt))
      .limit(1);
    if (!slack) {
      throw new z.ZodRealError([{ code: "custom", path: ["slackEndpointId"], message: data.slackEndpointId ? "Pick one of the workspace's Slack connections" : "Connect Slack first (Integrations → Add to Slack)", input: data.slackEndpointId }]);
    }
    const rules = [];
    for (const rule of recipe.rules) {
      rules.push(await createAlertRule({ name: rule.name, kind: rule.kind, params: rule.params, channels: [{ type: "slack", endpointId: slack.id }] }, ctx, t));
    }
    await recordAudit(t, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      request: ctx.request,
      action: "recipe.install",
      target: { type: "alert_rule", id: rules[0].id },
      after: { recipe: recipe.id, version: recipe.version, ruleIds: rules.map((r) => r.id), slackEndpointId: slack.id },
    });
    return { recipe: { id: recipe.id, version: recipe.version, name: recipe.name }, rules, slack };
  });
}

export type InstalledAlertRecipe = Awaited<ReturnType<typeof installAlertRecipe>>;
