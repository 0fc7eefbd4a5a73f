import { createHash } from "node:crypto";
import { and, eq, gt, isNull, lt, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { applications, endpoints, integrationOauthStates, type StoredIntegration, workspaces } from "@/db/schema";
import { AppError, authorize, newestFirst, notFound, type RequestContext, systemContext } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { findApplication, inActorApplication } from "@/lib/applications";
import { createIntegrationEndpoint, deleteEndpoint, disableEndpoint } from "@/lib/outbound";
import { encryptSecret, decryptSecret, env, newToken } from "@/lib/platform";
import type { IntegrationKind, OAuthConnect } from "./adapter";
import { IntegrationError } from "./errors";
import { adapterFor } from "./registry";
import { idSchema } from "@/lib/platform/id-types";

/**
 * Connections: making one (an OAuth install, "Add to Slack"), listing them, and ending them (disconnect from the
 * dashboard or portal, or the service telling us it was uninstalled). A connection is an endpoint of the
 * integration's kind, so everything here goes through lib/outbound's endpoint functions and their audit rows, with
 * an `integration.*` audit row of its own beside them.
 *
 * OAuth state: a random value handed to the authorize page and back to our callback. Its hash is stored with the
 * actor that started the connect (a member, or a portal session) and the application the connection joins; the
 * callback must come from the same actor, within STATE_TTL_SECONDS, and only once.
 */

export const STATE_TTL_SECONDS = 10 * 60;
const hashState = (state: string) => createHash("sha256").update(state).digest("hex");

export const integrationKindSchema = z.enum(["slack", "zapier", "ifttt"]);

/** Where the service sends the user back: a portal session's cookie reaches /portal only, so it has its own callback. */
export function callbackUrl(kind: IntegrationKind, ctx: RequestContext): string {
  return ctx.actor.type === "portal_session" ? `${env().APP_URL}/portal/integrations/${kind}/callback` : `${env().APP_URL}/api/integrations/${kind}/callback`;
}

function oauthAdapter(kind: IntegrationKind) {
  const adapter = adapterFor(kind);
  if (!adapter || adapter.connect.type !== "oauth") throw new AppError("not_found", `${kind} has no connect flow here.`);
  const status = adapter.status();
  if (!status.configured) {
    throw new AppError("conflict", `${adapter.name} is not configured on this deployment: set ${status.missing.map((m) => m.variable).join(", ")}.`);
  }
  return { adapter, connect: adapter.connect as OAuthConnect };
}

export const startConnectSchema = z.object({ integration: integrationKindSchema, application: z.string().trim().min(1, "Pick an application") });

/** Starts an OAuth connect for an application: records the state and returns the service's authorize URL. */
export async function startConnect(input: z.input<typeof startConnectSchema>, ctx: RequestContext, tx: Tx = db()): Promise<{ url: string }> {
  const { integration, application } = startConnectSchema.parse(input);
  authorize(ctx, "endpoints:write");
  const { connect } = oauthAdapter(integration);
  const app = await findApplication(tx, ctx, application);
  const state = newToken(32);
  // Expired states of anyone are dropped on the way: each is useless after its few minutes.
  await tx.delete(integrationOauthStates).where(lt(integrationOauthStates.expiresAt, new Date()));
  await tx.insert(integrationOauthStates).values({
    stateHash: hashState(state),
    workspaceId: ctx.workspaceId,
    applicationId: app.id,
    integration,
    actorType: ctx.actor.type,
    actorId: ctx.actor.id ?? "",
    expiresAt: new Date(Date.now() + STATE_TTL_SECONDS * 1000),
  });
  return { url: connect.authorizeUrl({ state, redirectUri: callbackUrl(integration, ctx) }) };
}

/** The workspace's slug a state belongs to, so the callback can build the member's context there; null for an unknown one. */
export async function stateWorkspaceSlug(state: string, tx: Tx = db()): Promise<string | null> {
  const [row] = await tx
    .select({ slug: workspaces.slug })
    .from(integrationOauthStates)
    .innerJoin(workspaces, eq(workspaces.id, integrationOauthStates.workspaceId))
    .where(eq(integrationOauthStates.stateHash, hashState(state)));
  return row?.slug ?? null;
}

export const completeConnectSchema = z.object({ integration: integrationKindSchema, state: z.string().min(1).max(200), code: z.string().min(1).max(2000) });

/**
 * The callback: takes the state (once, and only for the actor that started it), trades the code for the connection
 * and makes its endpoint under the state's application. A replayed, expired or foreign state is refused before the
 * service is asked anything.
 */
export async function completeConnect(input: z.input<typeof completeConnectSchema>, ctx: RequestContext, tx: Tx = db()) {
  const { integration, state, code } = completeConnectSchema.parse(input);
  authorize(ctx, "endpoints:write");
  const { adapter, connect } = oauthAdapter(integration);
  const hash = hashState(state);
  const [taken] = await tx
    .update(integrationOauthStates)
    .set({ consumedAt: new Date() })
    .where(
      and(
        eq(integrationOauthStates.stateHash, hash),
        eq(integrationOauthStates.integration, integration),
        eq(integrationOauthStates.workspaceId, ctx.workspaceId),
        eq(integrationOauthStates.actorType, ctx.actor.type),
        eq(integrationOauthStates.actorId, ctx.actor.id ?? ""),
        isNull(integrationOauthStates.consumedAt),
        gt(integrationOauthStates.expiresAt, new Date()),
      ),
    )
    .returning();
  if (!taken) throw await refusedState(hash, tx);

  let connection;
  try {
    connection = await connect.exchange({ code, redirectUri: callbackUrl(integration, ctx) });
  } catch (error) {
    if (error instanceof IntegrationError) throw new AppError("bad_request", `${adapter.name} did not complete the connection: ${error.message}`);
    throw error;
  }
  const integrationValue: StoredIntegration = {
    config: { ...connection.config, connectedBy: ctx.actor.label },
    secrets: Object.fromEntries(Object.entries(connection.secrets).map(([name, value]) => [name, encryptSecret(value)])),
  };
  return tx.transaction(async (t) => {
    const { endpoint } = await createIntegrationEndpoint(
      { application: taken.applicationId, kind: integration, url: connection.url, description: connection.description, integration: integrationValue },
      ctx,
      t,
    );
    await recordAudit(t, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      request: ctx.request,
      action: "integration.connect",
      target: { type: "endpoint", id: endpoint.id },
      after: { integration, applicationId: taken.applicationId, ...connection.config },
    });
    return endpoint;
  });
}

/** Why a state was not taken, in words for the person who followed the link (the same for every refusal's cause). */
async function refusedState(hash: string, tx: Tx): Promise<AppError> {
  const [row] = await tx.select().from(integrationOauthStates).where(eq(integrationOauthStates.stateHash, hash));
  if (row?.consumedAt) return new AppError("conflict", "This connect link was already used. Start again from the Integrations page.");
  if (row && row.expiresAt <= new Date()) return new AppError("conflict", "This connect link expired. Start again from the Integrations page.");
  // Unknown, or started by someone else (another member, another portal session): said alike, revealing nothing.
  return new AppError("forbidden", "This connect was not started from this session. Start again from the Integrations page.");
}

export interface ConnectionView {
  endpointId: string;
  kind: IntegrationKind;
  applicationId: string;
  applicationName: string;
  description: string;
  status: "enabled" | "disabled" | "paused";
  disabledReason: string | null;
  config: Record<string, string | null>;
  createdAt: Date;
}

/** The workspace's (or the actor's application's) connections, newest first. */
export async function listConnections(ctx: RequestContext, tx: Tx = db()): Promise<ConnectionView[]> {
  authorize(ctx, "endpoints:read");
  const rows = await tx
    .select({ endpoint: endpoints, applicationName: applications.name })
    .from(endpoints)
    .innerJoin(applications, eq(applications.id, endpoints.applicationId))
    .where(and(eq(endpoints.workspaceId, ctx.workspaceId), ne(endpoints.kind, "webhook"), inActorApplication(ctx, endpoints.applicationId)))
    .orderBy(...newestFirst(endpoints.createdAt, endpoints.id))
    .limit(200);
  return rows.map(({ endpoint, applicationName }) => ({
    endpointId: endpoint.id,
    kind: endpoint.kind as IntegrationKind,
    applicationId: endpoint.applicationId,
    applicationName,
    description: endpoint.description,
    status: endpoint.status,
    disabledReason: endpoint.disabledReason,
    config: endpoint.integration?.config ?? {},
    createdAt: endpoint.createdAt,
  }));
}

export const disconnectSchema = z.object({ endpointId: idSchema("ep") });

/**
 * Ends a connection from our side: the service is told (its token revoked, best effort: a connection whose token
 * Slack already dropped must still go), then the endpoint is deleted with its deliveries, audited.
 */
export async function disconnect(input: z.input<typeof disconnectSchema>, ctx: RequestContext, tx: Tx = db()): Promise<void> {
  const { endpointId } = disconnectSchema.parse(input);
  authorize(ctx, "endpoints:write");
  const [row] = await tx
    .select()
    .from(endpoints)
    .where(and(eq(endpoints.id, endpointId), eq(endpoints.workspaceId, ctx.workspaceId), ne(endpoints.kind, "webhook"), inActorApplication(ctx, endpoints.applicationId)));
  if (!row) throw notFound("The connection");
  const adapter = adapterFor(row.kind as IntegrationKind);
  if (adapter?.connect.type === "oauth" && adapter.connect.revoke && row.integration) {
    const secrets = Object.fromEntries(Object.entries(row.integration.secrets).map(([k, v]) => [k, decryptSecret(v)]));
    await adapter.connect.revoke(secrets).catch((error: unknown) => {
      console.warn(JSON.stringify({ level: "warn", msg: "revoking an integration's token failed; disconnecting anyway", endpointId, error: String(error) }));
    });
  }
  await tx.transaction(async (t) => {
    await deleteEndpoint({ id: endpointId }, ctx, t);
    await recordAudit(t, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      request: ctx.request,
      action: "integration.disconnect",
      target: { type: "endpoint", id: endpointId },
      before: { integration: row.kind, applicationId: row.applicationId, ...row.integration?.config },
    });
  });
}

/**
 * The service says an installation is gone (Slack's app_uninstalled, tokens_revoked): every connection to it, in any
 * workspace, is disabled with the reason and its secrets dropped (they no longer work), audited as the system. They
 * stay listed, with their history, until someone connects again or deletes them. Returns how many were disconnected.
 */
export async function disconnectInstallation(kind: IntegrationKind, match: { configKey: string; value: string }, reason: string, tx: Tx = db()): Promise<number> {
  const rows = await tx
    .select({ id: endpoints.id, workspaceId: endpoints.workspaceId, status: endpoints.status, integration: endpoints.integration })
    .from(endpoints)
    // Rare (an uninstall), so a scan of the kind's endpoints is fine; no index serves it.
    .where(and(eq(endpoints.kind, kind), sql`${endpoints.integration}->'config'->>${match.configKey} = ${match.value}`, or(ne(endpoints.status, "disabled"), sql`${endpoints.integration}->'secrets' <> '{}'::jsonb`)));
  for (const row of rows) {
    const ctx = systemContext(row.workspaceId, `${kind} uninstall`);
    await tx.transaction(async (t) => {
      if (row.status !== "disabled") await disableEndpoint({ id: row.id, reason }, ctx, t);
      await t.update(endpoints).set({ integration: { config: row.integration?.config ?? {}, secrets: {} } }).where(eq(endpoints.id, row.id));
      await recordAudit(t, { workspaceId: row.workspaceId, actor: ctx.actor, request: ctx.request, action: "integration.uninstalled", target: { type: "endpoint", id: row.id }, after: { integration: kind, reason } });
    });
  }
  return rows.length;
}
