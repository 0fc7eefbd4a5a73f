/**
 * API keys: scopes, verification, usage and rotation. This index is the domain's public face: other lib/ domains
 * import only from here. Modules that import fewer other domains come first, so a domain that imports this index back
 * (a cycle) finds them initialised.
 */

export { type ApiScope, APPLICATION_KEY_SCOPES, scopePermissions } from "./scopes";
export { recordKeyUse } from "./usage";
export { forgetApplicationKeys, type VerifiedKey, verifyApiKey } from "./verify";
export { createApiKey, rotateDueKeys } from "./service";
