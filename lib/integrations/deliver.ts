import type { EndpointKind, StoredIntegration } from "@/db/schema";
import type { DeliveryResult } from "@/lib/net";
import { decryptSecret } from "@/lib/platform";
import type { RenderedBody } from "./adapter";
import { IntegrationError } from "./errors";
import { adapterFor } from "./registry";

/**
 * The send step of an integration endpoint's attempt (lib/outbound/attempt.ts performAttempt calls it for every kind
 * but webhook): decrypt the connection's secrets, ask the adapter to deliver, and turn what happened into the
 * attempt's result. Like sendWebhook it never throws: a failure is its IntegrationError's code (the attempt's error
 * class), message and retryability.
 */

/** An attempt's result through an adapter: its error class is the IntegrationError's code, and it may rule out retries. */
export type IntegrationDeliveryResult = Omit<DeliveryResult, "errorClass"> & { errorClass?: string; retryable?: boolean; endsConnection?: boolean };

export interface IntegrationTarget {
  workspaceId: string;
  messageId: string;
  eventType: string;
  messageCreatedAt: Date;
  payload: unknown;
  endpoint: { id: string; kind: EndpointKind; integration: StoredIntegration | null; timeoutMs: number };
}

export async function deliverThroughAdapter(
  target: IntegrationTarget,
  rendered: RenderedBody,
): Promise<{ url: string; result: IntegrationDeliveryResult }> {
  const started = performance.now();
  const { endpoint } = target;
  const adapter = endpoint.kind === "webhook" ? undefined : adapterFor(endpoint.kind);
  const fallbackUrl = `${endpoint.kind}:`;
  const failed = (error: IntegrationError) => ({
    url: error.url ?? fallbackUrl,
    result: {
      ok: false,
      status: error.response?.status,
      body: error.response?.body,
      bodyTruncated: false,
      abortRequested: false,
      durationMs: Math.round(performance.now() - started),
      errorClass: error.code,
      errorMessage: error.message,
      retryAfterSeconds: error.retryAfterSeconds,
      retryable: error.retryable,
      endsConnection: error.endsConnection,
    },
  });
  if (!adapter || !endpoint.integration) {
    return failed(new IntegrationError({ code: "integration_unavailable", message: `This ${endpoint.kind} connection cannot deliver: it has no connection details. Connect it again.`, retryable: false }));
  }
  try {
    const secrets = Object.fromEntries(Object.entries(endpoint.integration.secrets).map(([name, sealed]) => [name, decryptSecret(sealed)]));
    const response = await adapter.deliver(
      {
        workspaceId: target.workspaceId,
        messageId: target.messageId,
        eventType: target.eventType,
        timestamp: target.messageCreatedAt,
        payload: target.payload,
        endpoint: { id: endpoint.id, timeoutMs: endpoint.timeoutMs },
        config: endpoint.integration.config,
        secrets,
      },
      rendered,
    );
    return {
      url: response.url,
      result: { ok: true, status: response.status, body: response.body, bodyTruncated: false, abortRequested: false, durationMs: Math.round(performance.now() - started) },
    };
  } catch (error) {
    if (error instanceof IntegrationError) return failed(error);
    // A bug or an unforeseen answer: logged in full here, shown as a retryable failure (the next attempt may pass).
    console.error(JSON.stringify({ level: "error", msg: "integration delivery failed unexpectedly", kind: endpoint.kind, endpointId: endpoint.id, error: String(error) }));
    return failed(new IntegrationError({ code: "integration_error", message: `${adapter.name} delivery failed unexpectedly; it will be retried.`, retryable: true }));
  }
}
