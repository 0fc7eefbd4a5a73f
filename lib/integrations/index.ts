/**
 * Integrations (Slack, Zapier, IFTTT): one adapter interface, a registry, and the errors every adapter reports. A
 * connection is an endpoint of the adapter's kind. This index is the domain's public face: other lib/ domains import
 * only from here. Modules that import fewer other domains come first.
 */

export { IntegrationError } from "./errors";
export type { Adapter, AdapterDelivery, AdapterResponse, IntegrationConfigStatus, IntegrationDocs, IntegrationKind, NewConnection, OAuthConnect, RenderedBody, SamplePayload } from "./adapter";
export { defaultSlackMessage, type SlackMessage, slackMessageFrom } from "./slack-message";
export { PERMANENT_SLACK_ERRORS, SLACK_SCOPES, slackAdapter, slackError } from "./slack";
export { ADAPTERS, adapterFor } from "./registry";
export { deliverThroughAdapter, type IntegrationDeliveryResult, type IntegrationTarget } from "./deliver";
export { removeEndedConnections } from "./ended";
export { zapierAdapter, zapierError, zapierFlat } from "./zapier/adapter";
export { registerZapierOperations } from "./zapier/schemas";
export { iftttAdapter, iftttRealtimeError } from "./ifttt/adapter";
export { approveAuthorization, type AuthorizeRequest, checkAuthorizeRequest, deniedRedirect, IFTTT_SCOPES } from "./ifttt/oauth";
export {
  callbackUrl,
  completeConnect,
  completeConnectSchema,
  type ConnectionView,
  disconnect,
  disconnectInstallation,
  disconnectSchema,
  integrationKindSchema,
  listConnections,
  STATE_TTL_SECONDS,
  startConnect,
  startConnectSchema,
  stateWorkspaceSlug,
} from "./connections";
export { handleSlackEvent } from "./slack-events";
export { type DocsPage, type DocsSection, docsMarkdown, integrationDocs } from "./docs";
