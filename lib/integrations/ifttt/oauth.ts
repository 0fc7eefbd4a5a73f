import { createHash } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { integrationOauthStates, workspaces } from "@/db/schema";
import { AppError, authorize, type RequestContext, systemContext } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { findApplication, getOrCreateApplication } from "@/lib/applications";
import { createApiKey } from "@/lib/keys";
import { createIntegrationEndpoint, listEventTypes, sendMessage } from "@/lib/outbound";
import { env, newToken, safeEqual } from "@/lib/platform";
import { IFTTT_ACTION, IFTTT_TRIGGER } from "@/lib/integrations/ifttt/adapter";
import { notConfigured } from "@/lib/integrations/ifttt/service";

/**
 * Connecting an IFTTT account: OAuth2's authorization-code flow with us as the provider. IFTTT sends the user to our
 * authorize page (/portal/integrations/ifttt/authorize), where their portal session, or their dashboard session and a
 * chosen application, approves; we redirect back to IFTTT with a code, and IFTTT trades it at our token endpoint for
 * an access token: a new API key limited to that application, holding IFTTT_SCOPES only. The code is kept as a hash in
 * integration_oauth_states (the single-use, short-lived record the Slack connect's state uses), bound to the actor
 * who approved and the application. The exchange also makes the application's endpoint of kind ifttt, whose
 * deliveries are the realtime notifications naming this key (the user id /user/info gives IFTTT).
 */

/** What an IFTTT token may do: read the catalog (field options), read the application's events, send one. */
export const IFTTT_SCOPES = ["event_types:read", "messages:read", "messages:write"] as const;
const CODE_TTL_SECONDS = 10 * 60;
const hash = (code: string) => createHash("sha256").update(code).digest("hex");

function assertConfigured() {
  const e = env();
  if (!e.IFTTT_CLIENT_ID || !e.IFTTT_CLIENT_SECRET) throw notConfigured("IFTTT sign-in is not configured on this deployment: set IFTTT_CLIENT_ID and IFTTT_CLIENT_SECRET.");
}

export const authorizeRequestSchema = z.object({
  client_id: z.string().min(1, "client_id is missing"),
  redirect_uri: z.string().min(1, "redirect_uri is missing"),
  response_type: z.literal("code", { error: "response_type must be code" }).default("code"),
  state: z.string().max(2000).default(""),
});
export type AuthorizeRequest = z.output<typeof authorizeRequestSchema>;

/** Checks an authorize request before anyone approves it: our client, and a redirect back to IFTTT only. */
export function checkAuthorizeRequest(query: Record<string, string>): AuthorizeRequest {
  assertConfigured();
  const request = authorizeRequestSchema.parse(query);
  if (!safeEqual(request.client_id, env().IFTTT_CLIENT_ID!)) throw new AppError("bad_request", "This sign-in link names an unknown client.");
  if (!request.redirect_uri.startsWith(env().IFTTT_REDIRECT_URI_PREFIX)) throw new AppError("bad_request", "This sign-in link would send you somewhere other than IFTTT.");
  return request;
}

const withParams = (base: string, params: Record<string, string>) => {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) if (value) url.searchParams.set(name, value);
  return url.toString();
};

/** The user said no: back to IFTTT with OAuth's access_denied. */
export const deniedRedirect = (request: AuthorizeRequest) => withParams(request.redirect_uri, { error: "access_denied", state: request.state });

/**
 * The user approved for an application: a single-use code for it, audited with the approver as actor. The approver
 * must hold what the token will (a read-only portal link cannot connect IFTTT). Returns where to send the browser.
 */
export async function approveAuthorization(input: { request: AuthorizeRequest; application: string }, ctx: RequestContext, tx: Tx = db()): Promise<string> {
  for (const scope of IFTTT_SCOPES) authorize(ctx, scope);
  const app = await findApplication(tx, ctx, input.application);
  const code = newToken(32);
  await tx.transaction(async (t) => {
    await t.insert(integrationOauthStates).values({
      stateHash: hash(code),
      workspaceId: ctx.workspaceId,
      applicationId: app.id,
      integration: "ifttt",
      actorType: ctx.actor.type,
      actorId: ctx.actor.id ?? "",
      expiresAt: new Date(Date.now() + CODE_TTL_SECONDS * 1000),
    });
    await recordAudit(t, { workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request, action: "integration.authorize", target: { type: "application", id: app.id }, after: { integration: "ifttt", scopes: IFTTT_SCOPES } });
  });
  return withParams(input.request.redirect_uri, { code, state: input.request.state });
}

/** An IFTTT connection for an application: its token (a limited key) and its ifttt endpoint, audited. */
async function connect(workspaceId: string, applicationId: string, approvedBy: string, tx: Tx) {
  const ctx = systemContext(workspaceId, "IFTTT connect");
  return tx.transaction(async (t) => {
    const { key, apiKey } = await createApiKey({ name: "IFTTT", scopes: [...IFTTT_SCOPES], application: applicationId, ipAllowlist: "" }, ctx, t);
    const { endpoint } = await createIntegrationEndpoint(
      { application: applicationId, kind: "ifttt", url: `ifttt://user/${apiKey.id}`, description: "IFTTT", integration: { config: { userId: apiKey.id, connectedBy: approvedBy }, secrets: {} } },
      ctx,
      t,
    );
    await recordAudit(t, { workspaceId, actor: ctx.actor, request: ctx.request, action: "integration.connect", target: { type: "endpoint", id: endpoint.id }, after: { integration: "ifttt", applicationId, userId: apiKey.id, approvedBy } });
    return { key, endpointId: endpoint.id };
  });
}

export const tokenRequestSchema = z.object({
  grant_type: z.literal("authorization_code"),
  code: z.string().min(1).max(200),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  redirect_uri: z.string().min(1),
});

/** OAuth's token-endpoint refusal (RFC 6749 §5.2). */
export class OAuthError extends Error {
  constructor(
    readonly error: "invalid_request" | "invalid_client" | "invalid_grant" | "unsupported_grant_type",
    message: string,
  ) {
    super(message);
  }
}

/** The token endpoint: IFTTT trades a code (once, within 10 minutes) for the access token. */
export async function exchangeCode(form: Record<string, string>, tx: Tx = db()) {
  assertConfigured();
  if (form.grant_type !== "authorization_code") throw new OAuthError("unsupported_grant_type", "Only authorization_code is supported.");
  const parsed = tokenRequestSchema.safeParse(form);
  if (!parsed.success) throw new OAuthError("invalid_request", "code, client_id, client_secret and redirect_uri are required.");
  const request = parsed.data;
  if (!safeEqual(request.client_id, env().IFTTT_CLIENT_ID!) || !safeEqual(request.client_secret, env().IFTTT_CLIENT_SECRET!)) throw new OAuthError("invalid_client", "Unknown client or wrong secret.");
  if (!request.redirect_uri.startsWith(env().IFTTT_REDIRECT_URI_PREFIX)) throw new OAuthError("invalid_grant", "The redirect_uri is not IFTTT's.");
  const [taken] = await tx
    .update(integrationOauthStates)
    .set({ consumedAt: new Date() })
    .where(and(eq(integrationOauthStates.stateHash, hash(request.code)), eq(integrationOauthStates.integration, "ifttt"), isNull(integrationOauthStates.consumedAt), gt(integrationOauthStates.expiresAt, new Date())))
    .returning();
  if (!taken) throw new OAuthError("invalid_grant", "The code is unknown, expired or already used.");
  const { key } = await connect(taken.workspaceId, taken.applicationId, `${taken.actorType}:${taken.actorId}`, tx);
  return { token_type: "Bearer", access_token: key };
}

/**
 * POST /test/setup: IFTTT's endpoint tests are about to run. A user (a connection of the "ifttt-test" application of
 * IFTTT_TEST_WORKSPACE) with one event of the catalog's first type, and samples for every trigger and action field.
 */
export async function testSetup(tx: Tx = db()) {
  const slug = env().IFTTT_TEST_WORKSPACE;
  if (!slug) throw notConfigured("IFTTT's endpoint tests need a workspace: set IFTTT_TEST_WORKSPACE to its slug.");
  const [workspace] = await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug));
  if (!workspace) throw notConfigured(`IFTTT_TEST_WORKSPACE names no workspace (${slug}).`);
  const ctx = systemContext(workspace.id, "IFTTT endpoint tests");
  const [type] = await listEventTypes({ limit: 1 }, ctx, tx);
  if (!type) throw notConfigured(`The workspace ${slug} has no event type for IFTTT's tests: create one.`);
  const app = await getOrCreateApplication({ uid: "ifttt-test", name: "IFTTT tests" }, ctx, tx);
  const { key } = await connect(workspace.id, app.id, "IFTTT endpoint tests", tx);
  await sendMessage({ eventType: type.name, payload: { from: "ifttt test setup" }, application: app.id }, ctx, tx);
  return {
    accessToken: key,
    samples: {
      triggers: { [IFTTT_TRIGGER]: { event_type: type.name } },
      actions: { [IFTTT_ACTION]: { event_type: type.name, payload: '{"from":"ifttt"}' } },
      actionRecordSkipping: { [IFTTT_ACTION]: { event_type: "no.such.event_type", payload: "{}" } },
    },
  };
}
