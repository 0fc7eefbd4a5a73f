/**
 * Inbound webhooks: sources, ingest, connections, requests and their replay. This index is the domain's public face:
 * other lib/ domains import only from here. Modules that import fewer other domains come first, so a domain that
 * imports this index back (a cycle) finds them initialised.
 */

export type { ConnectionView, InboundRequestView, SourceView, TunnelResponseView } from "./schemas";
export { registerSourceOperations } from "./api-schemas";
export { createSource, getSource, purgeExpiredBins } from "./sources";
export { createConnection } from "./connections";
