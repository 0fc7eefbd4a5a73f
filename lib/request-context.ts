import { randomUUID } from "node:crypto";

/** What we record about the request behind a change (audit trail, logs). */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export function requestMetaFromHeaders(headers: Headers): RequestMeta {
  return {
    // Which hop to trust is decided by TRUSTED_PROXIES where it matters (source allowlists); for the audit trail we record what we saw.
    ip: headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || null,
    userAgent: headers.get("user-agent"),
    requestId: headers.get("x-request-id") || randomUUID(),
  };
}

export const systemRequestMeta = (): RequestMeta => ({ ip: null, userAgent: "switchboard-scheduler", requestId: randomUUID() });
