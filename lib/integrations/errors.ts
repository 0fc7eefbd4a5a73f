/**
 * The one failure every integration's delivery and connect report: a stable `code` (the attempt log's error class),
 * a message for the user (it is shown as it is, in the attempts log and on the Integrations page), and whether
 * trying again can help. `retryAfterSeconds` is the service's own wait (Slack's Retry-After), which retries honour.
 */
export class IntegrationError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;
  /** What the service answered, for the attempt log, when it answered at all. */
  readonly response?: { status: number; body: string };
  /** The request's target, when one was made (the attempt log's URL). */
  readonly url?: string;
  /**
   * The service says the connection itself is gone (Zapier's 410 for a Zap turned off): once the attempt is recorded,
   * the endpoint is removed (lib/integrations/ended.ts), audited. Implies not retryable.
   */
  readonly endsConnection: boolean;

  constructor(options: { code: string; message: string; retryable: boolean; endsConnection?: boolean; retryAfterSeconds?: number; response?: { status: number; body: string }; url?: string }) {
    super(options.message);
    this.name = "IntegrationError";
    this.code = options.code;
    this.url = options.url;
    this.retryable = options.retryable && !options.endsConnection;
    this.endsConnection = options.endsConnection ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.response = options.response;
  }
}
