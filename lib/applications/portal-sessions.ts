import { createHash } from "node:crypto";
import { and, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { applications, portalSessions, workspaces } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { env, type Id, newToken } from "@/lib/platform";
import { authorize, contextFromPortalSession, portalPermissions, type RequestContext, type RequestMeta } from "@/lib/api";
import { findApplication } from "./applications";
import { applicationRefSchema } from "./schemas";

/**
 * Consumer portal access. The workspace's backend asks for a link (POST /api/v1/applications/{id}/portal-access); the
 * link's token works once: opening it consumes it and hands out a second token, the session's, as an httpOnly cookie.
 * Only SHA-256 hashes of the tokens are stored. A session lasts until its expiry, its log-out, or expire-all.
 */

export const PORTAL_MIN_EXPIRES_IN = 3600;
export const PORTAL_MAX_EXPIRES_IN = 7 * 24 * 3600;

export const portalAccessSchema = z.object({
  id: applicationRefSchema,
  /**
   * Seconds the session lasts from the link's creation (1 hour to 7 days). The default is the shortest: a link is
   * usually asked for when the customer clicks through, and opened at once.
   */
  expiresIn: z.number().int().min(PORTAL_MIN_EXPIRES_IN).max(PORTAL_MAX_EXPIRES_IN).default(PORTAL_MIN_EXPIRES_IN),
  /** A read-only session sees everything and changes nothing. */
  readOnly: z.boolean().default(false),
});

export const hashPortalToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The link a customer opens, always on APP_URL: the request's Host is the client's to choose. */
export const portalLinkUrl = (token: string) => `${env().APP_URL}/portal/access/${token}`;

export interface PortalAccess {
  url: string;
  token: string;
  sessionId: string;
  readOnly: boolean;
  expiresAt: Date;
}

const auditBase = (ctx: RequestContext) => ({ workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request });

/**
 * Inserts a session of the application for `input`, audited as `action`. `opened` makes it live at once with that
 * session token (an API token); otherwise it waits for its link (whose token is returned) to be opened.
 */
async function insertPortalSession(input: z.input<typeof portalAccessSchema>, ctx: RequestContext, tx: Tx, action: string, opened: boolean) {
  const { id, expiresIn, readOnly } = portalAccessSchema.parse(input);
  return tx.transaction(async (t) => {
    const application = await findApplication(t, ctx, id);
    // After the lookup, so another application's id is still a 404. A key with applications:write alone must not
    // mint a link that edits endpoints or resends messages: the maker holds whatever the session will.
    for (const permission of portalPermissions(readOnly)) authorize(ctx, permission);
    const token = newToken(32);
    const expiresAt = new Date(Date.now() + expiresIn * 1000);
    const [row] = await t
      .insert(portalSessions)
      .values({
        workspaceId: ctx.workspaceId,
        applicationId: application.id,
        // An opened session's link is never handed out: its hash is of a token nobody holds.
        linkTokenHash: hashPortalToken(opened ? newToken(32) : token),
        ...(opened ? { sessionTokenHash: hashPortalToken(token), consumedAt: new Date() } : {}),
        readOnly,
        expiresAt,
        createdByType: ctx.actor.type,
        createdById: ctx.actor.id,
        createdByLabel: ctx.actor.label,
      })
      .returning();
    await recordAudit(t, { ...auditBase(ctx), action, target: { type: "application", id: application.id }, after: { sessionId: row.id, readOnly, expiresAt } });
    return { token, sessionId: row.id, readOnly, expiresAt };
  });
}

export async function createPortalAccess(input: z.input<typeof portalAccessSchema>, ctx: RequestContext, tx: Tx = db()): Promise<PortalAccess> {
  const access = await insertPortalSession(input, ctx, tx, "portal_access.create", false);
  return { ...access, url: portalLinkUrl(access.token) };
}

/**
 * A session used as an API bearer token rather than through a link: for a portal the workspace builds itself (the
 * Svix-compatible API's appPortalAccess token, which svix-react sends). It acts as any portal session does, limited to
 * its application, and ends the same ways (expiry, log-out, expire-all).
 */
export async function createPortalApiToken(input: z.input<typeof portalAccessSchema>, ctx: RequestContext, tx: Tx = db()): Promise<Omit<PortalAccess, "url">> {
  return insertPortalSession(input, ctx, tx, "portal_api_token.create", true);
}

/** Ends every session of the application, opened or not; returns how many were live. */
export async function expireAllPortalSessions(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<{ expired: number }> {
  return tx.transaction(async (t) => {
    const application = await findApplication(t, ctx, applicationRefSchema.parse(input.id));
    const ended = await t
      .update(portalSessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(portalSessions.workspaceId, ctx.workspaceId), eq(portalSessions.applicationId, application.id), isNull(portalSessions.revokedAt), gt(portalSessions.expiresAt, new Date())))
      .returning({ id: portalSessions.id });
    await recordAudit(t, { ...auditBase(ctx), action: "portal_access.expire_all", target: { type: "application", id: application.id }, after: { expired: ended.length } });
    return { expired: ended.length };
  });
}

/** A live portal session with what the portal shows: its application and the workspace's branding. */
export interface PortalSession {
  id: string;
  workspaceId: string;
  applicationId: Id<"app">;
  applicationName: string;
  readOnly: boolean;
  expiresAt: Date;
  branding: PortalBranding;
}

export interface PortalBranding {
  displayName: string;
  logoUrl: string | null;
  accentColor: string | null;
  accentColorDark: string | null;
  frameOrigins: string[];
}

const live = (now: Date) => and(isNull(portalSessions.revokedAt), gt(portalSessions.expiresAt, now));

const sessionColumns = {
  id: portalSessions.id,
  workspaceId: portalSessions.workspaceId,
  applicationId: portalSessions.applicationId,
  applicationName: applications.name,
  readOnly: portalSessions.readOnly,
  expiresAt: portalSessions.expiresAt,
  workspaceName: workspaces.name,
  displayName: workspaces.portalDisplayName,
  logoUrl: workspaces.portalLogoUrl,
  accentColor: workspaces.portalAccentColor,
  accentColorDark: workspaces.portalAccentColorDark,
  frameOrigins: workspaces.portalFrameOrigins,
};

function toSession(row: Awaited<ReturnType<typeof sessionQuery>>[number]): PortalSession {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    applicationId: row.applicationId,
    applicationName: row.applicationName,
    readOnly: row.readOnly,
    expiresAt: row.expiresAt,
    branding: {
      displayName: row.displayName || row.workspaceName,
      logoUrl: row.logoUrl,
      accentColor: row.accentColor,
      accentColorDark: row.accentColorDark,
      frameOrigins: row.frameOrigins,
    },
  };
}

function sessionQuery(tx: Tx) {
  return tx
    .select(sessionColumns)
    .from(portalSessions)
    .innerJoin(applications, eq(applications.id, portalSessions.applicationId))
    .innerJoin(workspaces, eq(workspaces.id, portalSessions.workspaceId));
}

/**
 * Opens a link: consumes its token (once; a second open, an expired or an ended session finds nothing) and returns
 * the session with the session token for its cookie. The update is the check, so two opens racing cannot both win.
 */
export async function openPortalLink(linkToken: string, request: RequestMeta, tx: Tx = db()): Promise<{ session: PortalSession; sessionToken: string } | null> {
  if (!linkToken || linkToken.length > 200) return null;
  return tx.transaction(async (t) => {
    const now = new Date();
    const sessionToken = newToken(32);
    const [opened] = await t
      .update(portalSessions)
      .set({ consumedAt: now, sessionTokenHash: hashPortalToken(sessionToken) })
      .where(and(eq(portalSessions.linkTokenHash, hashPortalToken(linkToken)), isNull(portalSessions.consumedAt), live(now)))
      .returning({ id: portalSessions.id });
    if (!opened) return null;
    const [row] = await sessionQuery(t).where(eq(portalSessions.id, opened.id));
    const session = toSession(row);
    const ctx = contextFromPortalSession(session, request);
    await recordAudit(t, { ...auditBase(ctx), action: "portal_session.open", target: { type: "application", id: session.applicationId } });
    return { session, sessionToken };
  });
}

/**
 * The origins that may frame the page a link opens, before it is opened: the link's own response (a redirect that
 * sets the cookie) is loaded inside the workspace's iframe too, and has no session yet to read them from.
 */
export async function portalLinkFrameOrigins(linkToken: string, tx: Tx = db()): Promise<string[]> {
  if (!linkToken || linkToken.length > 200) return [];
  const [row] = await tx
    .select({ frameOrigins: workspaces.portalFrameOrigins })
    .from(portalSessions)
    .innerJoin(workspaces, eq(workspaces.id, portalSessions.workspaceId))
    .where(eq(portalSessions.linkTokenHash, hashPortalToken(linkToken)));
  return row?.frameOrigins ?? [];
}

/** The live session a session cookie names, or null. */
export async function portalSessionFromToken(sessionToken: string | undefined, tx: Tx = db()): Promise<PortalSession | null> {
  if (!sessionToken || sessionToken.length > 200) return null;
  const [row] = await sessionQuery(tx).where(and(eq(portalSessions.sessionTokenHash, hashPortalToken(sessionToken)), isNotNull(portalSessions.consumedAt), live(new Date())));
  return row ? toSession(row) : null;
}

/** The portal's log-out: ends this session only. */
export async function endPortalSession(ctx: RequestContext, tx: Tx = db()): Promise<void> {
  if (ctx.actor.type !== "portal_session" || !ctx.applicationId) return;
  const sessionId = ctx.actor.id;
  await tx.transaction(async (t) => {
    await t
      .update(portalSessions)
      .set({ revokedAt: sql`coalesce(${portalSessions.revokedAt}, now())` })
      .where(and(eq(portalSessions.id, sessionId), eq(portalSessions.workspaceId, ctx.workspaceId)));
    await recordAudit(t, { ...auditBase(ctx), action: "portal_session.logout", target: { type: "application", id: ctx.applicationId } });
  });
}
