import type { Permission } from "@/lib/auth";

/** Scopes an API key can hold: read or write on each resource of the public API. */
export const API_RESOURCES = ["event_types", "applications", "endpoints", "messages", "sources", "templates", "audit", "alerts"] as const;
export type ApiResource = (typeof API_RESOURCES)[number];
export type ApiScope = `${ApiResource}:${"read" | "write"}`;

export const API_SCOPES = API_RESOURCES.flatMap((r) => [`${r}:read`, `${r}:write`] as ApiScope[]) as [ApiScope, ...ApiScope[]];

/**
 * What a key limited to one application may hold: that application's endpoints and messages, the application itself,
 * and the event-type catalog to read. Sources, the audit log and writing the catalog belong to the whole workspace.
 */
export const APPLICATION_KEY_SCOPES = [
  "event_types:read",
  "applications:read",
  "applications:write",
  "endpoints:read",
  "endpoints:write",
  "messages:read",
  "messages:write",
] as const satisfies readonly ApiScope[];

/** Write implies read: a key that may change endpoints may also list them. */
export function hasScope(granted: readonly string[], needed: ApiScope): boolean {
  if (granted.includes(needed)) return true;
  return needed.endsWith(":read") && granted.includes(needed.replace(/:read$/, ":write"));
}

/**
 * What a key with these scopes may do, as the permissions core functions check: each scope is the permission of the
 * same name (write implying read). Nothing outside the API's resources (members, keys, settings) is ever granted.
 */
export function scopePermissions(scopes: readonly string[]): ReadonlySet<Permission> {
  return new Set<Permission>(API_SCOPES.filter((scope) => hasScope(scopes, scope)));
}

/** The scopes in `scopes` that `permissions` do not cover: what a member may not put on a key. */
export function scopesBeyond(scopes: readonly ApiScope[], permissions: ReadonlySet<Permission>): ApiScope[] {
  return scopes.filter((scope) => !permissions.has(scope));
}
