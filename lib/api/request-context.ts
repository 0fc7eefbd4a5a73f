import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/api/errors";
import type { Actor } from "@/lib/audit";
import { ALL_PERMISSIONS, type Permission, permissionsOf, type Role } from "@/lib/auth";
import { APPLICATION_KEY_SCOPES, scopePermissions, type VerifiedKey } from "@/lib/keys";
import { requestIp } from "@/lib/net";
import { findMembership } from "@/lib/workspaces";
import type { Id } from "@/lib/platform/id-types";

/** What we record about the request behind a change (audit trail, logs). */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export function requestMetaFromHeaders(headers: Headers, requestId?: string): RequestMeta {
  return {
    ip: requestIp(headers),
    userAgent: headers.get("user-agent"),
    requestId: requestId ?? headers.get("x-request-id") ?? randomUUID(),
  };
}

export const systemRequestMeta = (): RequestMeta => ({ ip: null, userAgent: "switchboard-scheduler", requestId: randomUUID() });

/**
 * Who is acting, in which workspace, with which permissions, from which request: what every core function takes to
 * authorize, scope its queries and audit. It is built only by the builders below, one per way in (an API key, a
 * dashboard member, the consumer portal's session, the system), so every way in carries
 * the actor's real permissions and nothing else: core functions check `permissions`, never who the actor is.
 */
export interface RequestContext {
  workspaceId: string;
  actor: Actor;
  permissions: ReadonlySet<Permission>;
  request: RequestMeta;
  /**
   * The one application the actor is limited to, or null for the whole workspace. Application-limited keys and portal
   * sessions set it; core functions enforce it in their queries (lib/applications/scope.ts), so another application's
   * objects answer "not found", and workspace-level things do not exist for it (authorize, assertWholeWorkspace).
   */
  applicationId: Id<"app"> | null;
}

/** An API key acts with its scopes' permissions (write implying read), never as a workspace member. */
export function contextFromApiKey(key: Pick<VerifiedKey, "id" | "name" | "workspaceId" | "scopes" | "applicationId">, request: RequestMeta): RequestContext {
  return { workspaceId: key.workspaceId, actor: { type: "api_key", id: key.id, label: key.name }, permissions: scopePermissions(key.scopes), request, applicationId: key.applicationId };
}

/** A member acts with their role's permissions. */
export function contextFromMember(workspaceId: string, role: Role, actor: Actor & { type: "user" }, request: RequestMeta): RequestContext {
  return { workspaceId, actor, permissions: permissionsOf(role), request, applicationId: null };
}

// What a portal session may do: its application's endpoints and messages, and the catalog to subscribe from. A
// read-only session holds the reads alone, so a mutation it forges is refused by the same check as any other.
const PORTAL_READS: Permission[] = ["event_types:read", "endpoints:read", "messages:read"];
const PORTAL_WRITES: Permission[] = ["endpoints:write", "messages:write"];

/** What a portal session grants: what its maker must hold too, so a link never does more than whoever asked for it. */
export const portalPermissions = (readOnly: boolean): Permission[] => (readOnly ? PORTAL_READS : [...PORTAL_READS, ...PORTAL_WRITES]);

/**
 * A consumer portal session acts for one application (`applicationId`), never the whole workspace. The actor is the
 * session, labelled with its application, so the audit trail says which customer changed what.
 */
export function contextFromPortalSession(
  session: { id: string; workspaceId: string; applicationId: Id<"app">; applicationName: string; readOnly: boolean },
  request: RequestMeta,
): RequestContext {
  return {
    workspaceId: session.workspaceId,
    actor: { type: "portal_session", id: session.id, label: `Portal: ${session.applicationName}` },
    permissions: new Set(portalPermissions(session.readOnly)),
    request,
    applicationId: session.applicationId,
  };
}

/** Switchboard itself (scheduled rotation, auto-disable): every permission on the workspace's resources. */
export function systemContext(workspaceId: string, label: string, request: RequestMeta = systemRequestMeta()): RequestContext {
  return { workspaceId, actor: { type: "system", id: null, label }, permissions: new Set(ALL_PERMISSIONS), request, applicationId: null };
}

// The resources an application has (its endpoints and messages, itself, the catalog it subscribes from); every other
// one (sources, the audit log, members, settings) is the whole workspace's.
const APPLICATION_RESOURCES = new Set<string>(APPLICATION_KEY_SCOPES.map((scope) => scope.split(":")[0]));

const limitedActor = (ctx: RequestContext) => (ctx.actor.type === "portal_session" ? "portal session" : "key");

/**
 * Workspace-level things (sources, the audit log) do not exist for an actor limited to one application:
 * "not found", as another application's objects are, rather than a refusal that would say there is something there.
 */
export function assertWholeWorkspace(ctx: RequestContext, what: string): void {
  if (ctx.applicationId) throw new AppError("not_found", `Not found: this ${limitedActor(ctx)} is limited to one application, and this belongs to the whole workspace (${what}).`);
}

/**
 * The permission check every way in shares; the refusal names what the actor lacks in its own terms. An actor limited
 * to one application finds no resource outside an application's (assertWholeWorkspace), whatever it holds.
 */
export function authorize(ctx: RequestContext, permission: Permission): void {
  const resource = permission.split(":")[0];
  if (!APPLICATION_RESOURCES.has(resource)) assertWholeWorkspace(ctx, resource.replace("_", " "));
  if (ctx.permissions.has(permission)) return;
  if (ctx.actor.type === "api_key") throw new AppError("missing_scope", `This key lacks the ${permission} scope.`);
  if (ctx.actor.type === "portal_session") throw new AppError("forbidden", "This portal link is read-only: ask for a new link to make changes.");
  throw new AppError("forbidden", `Your role cannot do this (it needs ${permission}). Ask an admin.`);
}

/**
 * The session's way in, shared by the dashboard's page guard and its server actions: the membership in the workspace
 * with this slug (none is "not found", so another workspace's existence is not revealed), then the permission.
 * The role comes back for the page's own use (navigation, the members list); the context carries only permissions.
 */
export async function memberContextForSlug(actor: Actor & { type: "user" }, slug: string, permission: Permission | undefined, request: RequestMeta) {
  const membership = await findMembership(actor.id, slug);
  if (!membership) throw new AppError("not_found", "That workspace was not found.");
  const ctx = contextFromMember(membership.workspace.id, membership.role, actor, request);
  if (permission) authorize(ctx, permission);
  return { ctx, workspace: membership.workspace, role: membership.role };
}
