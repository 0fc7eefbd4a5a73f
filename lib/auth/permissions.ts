/** Roles and what each may do. The one permission map: every server action and route checks it. */

export const ROLES = ["owner", "admin", "developer", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const RESOURCES = [
  "workspace",
  "members",
  "audit",
  "keys",
  "event_types",
  "endpoints",
  "sources",
  "messages",
  "templates",
  "integrations",
  "monitoring",
  "settings",
] as const;
export type Resource = (typeof RESOURCES)[number];
export type Permission = `${Resource}:${"read" | "write"}`;

export const ALL_PERMISSIONS: Permission[] = RESOURCES.flatMap((r) => [`${r}:read`, `${r}:write`] as Permission[]);

// Developers build integrations; they do not manage people, the workspace, or read the audit trail.
const DEVELOPER_WRITES: Resource[] = ["keys", "event_types", "endpoints", "sources", "messages", "templates", "integrations", "monitoring"];

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(ALL_PERMISSIONS),
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

/** Only owners hand out ownership; admins manage everyone else. An API key (no role) manages no one. */
export function canAssignRole(actor: Role | null, target: Role): boolean {
  if (!actor || !can(actor, "members:write")) return false;
  return target !== "owner" || actor === "owner";
}

/** An admin may not remove or demote an owner; an owner may manage anyone. */
export function canManageMember(actor: Role | null, member: Role): boolean {
  if (!actor || !can(actor, "members:write")) return false;
  return member !== "owner" || actor === "owner";
}
