/**
 * Who is signed in and what a role may do. This index is the domain's public face: other lib/ domains import only from
 * here. Modules that import fewer other domains come first, so a domain that imports this index back (a cycle) finds
 * them initialised.
 */

// Not here: session.ts (and config.ts, Auth.js) need Next's request runtime. Request-bound code imports
// "@/lib/auth/session", so the worker, the scripts and the tests that use this index never load Next or next-auth.

export { ALL_PERMISSIONS, canManageRole, type Permission, permissionsOf, type Role, ROLES } from "./permissions";
