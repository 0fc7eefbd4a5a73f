/**
 * Credentials in HTTP headers: the one rule for what is kept of them wherever request headers are stored or shown
 * (inbound requests, delivery attempts, endpoint views). Signature headers are not credentials (they prove one
 * request and cannot make another) and stay whole.
 */

/** Headers that carry a credential whatever the service; others are added per use (a source's API-key header). */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key"]);

// ASCII only: a stored request can be replayed with its headers, and header values cannot carry other characters.
const REDACTED = "...[redacted]";
const SHOWN_CHARACTERS = 4;

/**
 * Keeps enough of a credential to tell which one was sent (its scheme and first few characters), never enough to use
 * it: at most 4 characters, and at most a quarter of a short one. Already redacted values are left as they are.
 */
export function redactCredential(value: string): string {
  if (value.endsWith(REDACTED)) return value;
  const scheme = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s+(?=\S)/.exec(value);
  const secret = scheme ? value.slice(scheme[0].length) : value;
  const shown = secret.slice(0, Math.min(SHOWN_CHARACTERS, Math.floor(secret.length / 4)));
  return `${scheme ? `${scheme[1]} ` : ""}${shown}${REDACTED}`;
}

/** The headers with every credential redacted: the common ones and those named in `also` (any case). */
export function redactCredentialHeaders(headers: Iterable<readonly [string, string]>, also: readonly string[] = []): [string, string][] {
  const extra = new Set(also.map((name) => name.toLowerCase()));
  return Array.from(headers, ([name, value]) => {
    const lower = name.toLowerCase();
    return [name, CREDENTIAL_HEADERS.has(lower) || extra.has(lower) ? redactCredential(value) : value];
  });
}
