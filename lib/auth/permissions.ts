/** Roles and what each may do. The one permission map: every server action and route checks it. */

export const ROLES = ["owner", "admin", "developer", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const RESOURCES = [
  "workspace",
  "members",
  "audit",
  "keys",
  "event_types",
  "applications",
  "endpoints",
  "sources",
  "messages",
  "templates",
  "integrations",
  "monitoring",
  // Alert rules and their history (lib/alerts).
  "alerts",
  "settings",
] as const;
export type Resource = (typeof RESOURCES)[number];
/**
 * Read or write on a resource, and one that is no resource's: `owners:write`, handing out, taking away or acting on
 * ownership, which only owners hold. It lets core functions decide member changes from the context's permissions alone.
 */
export type Permission = `${Resource}:${"read" | "write"}` | "owners:write";

/** Read and write on every resource: what admins (and the system) hold. */
export const ALL_PERMISSIONS: Permission[] = RESOURCES.flatMap((r) => [`${r}:read`, `${r}:write`] as Permission[]);

// Developers build integrations; they do not manage people, the workspace, or read the audit trail.
const DEVELOPER_WRITES: Resource[] = ["keys", "event_types", "applications", "endpoints", "sources", "messages", "templates", "integrations", "monitoring", "alerts"];

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set<Permission>([...ALL_PERMISSIONS, "owners:write"]),
  admin: new Set(ALL_PERMISSIONS),
  developer: new Set<Permission>([
    ...RESOURCES.filter((r) => r !== "audit").map((r) => `${r}:read` as Permission),
    ...DEVELOPER_WRITES.map((r) => `${r}:write` as Permission),
  ]),
  viewer: new Set(RESOURCES.filter((r) => r !== "audit").map((r) => `${r}:read` as Permission)),
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}

/** Everything a role may do: the permissions a member's context carries. */
export function permissionsOf(role: Role): ReadonlySet<Permission> {
  return GRANTS[role];
}

/**
 * Whether an actor with these permissions may invite as, give, remove or demote this role: members:write, and for an
 * owner owners:write. So only owners hand out or take away ownership, admins manage everyone else, and an API key
 * (never granted members:write) manages no one.
 */
export function canManageRole(permissions: ReadonlySet<Permission>, role: Role): boolean {
  return permissions.has("members:write") && (role !== "owner" || permissions.has("owners:write"));
}
