/** Scopes an API key can hold: read or write on each resource of the public API. */
export const API_RESOURCES = ["event_types", "endpoints", "messages", "sources", "audit"] as const;
export type ApiResource = (typeof API_RESOURCES)[number];
export type ApiScope = `${ApiResource}:${"read" | "write"}`;

export const API_SCOPES = API_RESOURCES.flatMap((r) => [`${r}:read`, `${r}:write`] as ApiScope[]) as [ApiScope, ...ApiScope[]];

/** Write implies read: a key that may change endpoints may also list them. */
export function hasScope(granted: readonly string[], needed: ApiScope): boolean {
  if (granted.includes(needed)) return true;
  return needed.endsWith(":read") && granted.includes(needed.replace(/:read$/, ":write"));
}
