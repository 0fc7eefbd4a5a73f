/**
 * Webhook signatures: Standard Webhooks for what we send, the providers' schemes for what we receive. This index is
 * the domain's public face: other lib/ domains import only from here. Modules that import fewer other domains come
 * first, so a domain that imports this index back (a cycle) finds them initialised.
 */

export { generateEndpointSecret, parseSecret, SECRET_PREFIX, signatureHeaders, svixSignatureHeaders } from "./standard-webhooks";
export { type InboundProvider, type InboundVerification, inboundVerificationSchema, SIGNABLE_PROVIDERS, type SignableProvider, signInbound, verifyInbound } from "./providers";
