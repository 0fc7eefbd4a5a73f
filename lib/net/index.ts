/**
 * Outgoing and incoming network concerns: the SSRF guard, the HTTP client, CIDR ranges, client addresses, header
 * lists. This index is the domain's public face: other lib/ domains import only from here. Modules that import fewer
 * other domains come first, so a domain that imports this index back (a cycle) finds them initialised.
 */

export { decodeContentEncoding, readCappedBody } from "./capped-body";
export { CREDENTIAL_HEADERS, redactCredentialHeaders } from "./credential-headers";
export { HOP_HEADERS } from "./hop-headers.js";
export { type DeliveryResult, MAX_TIMEOUT_MS, sendWebhook } from "./http-client";
export { type CidrRange, ipInCidrList, parseCidrList, parseIp } from "./cidr";
export { requestIp } from "./request-ip";
export { validateTargetUrl } from "./ssrf";
export { targetPolicyFor } from "./local-testing";
