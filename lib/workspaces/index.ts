/**
 * Workspaces, memberships and invitations, and the WorkspaceContext every core function takes. This index is the
 * domain's public face: other lib/ domains import only from here. Modules that import fewer other domains come first,
 * so a domain that imports this index back (a cycle) finds them initialised.
 */

export { createPersonalWorkspace, findMembership } from "./service";
