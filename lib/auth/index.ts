/**
 * Who is signed in and what a role may do. This index is the domain's public face: other lib/ domains import only from
 * here. Modules that import fewer other domains come first, so a domain that imports this index back (a cycle) finds
 * them initialised.
 */

export { ALL_PERMISSIONS, canManageRole, type Permission, permissionsOf, type Role, ROLES } from "./permissions";
export { currentUser, type SessionUser, userActor } from "./session";
