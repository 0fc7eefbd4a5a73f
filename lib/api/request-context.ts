import { randomUUID } from "node:crypto";
import { requestIp } from "@/lib/net/request-ip";

/** What we record about the request behind a change (audit trail, logs). */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export function requestMetaFromHeaders(headers: Headers, requestId?: string): RequestMeta {
  return {
    ip: requestIp(headers),
    userAgent: headers.get("user-agent"),
    requestId: requestId ?? headers.get("x-request-id") ?? randomUUID(),
  };
}

export const systemRequestMeta = (): RequestMeta => ({ ip: null, userAgent: "switchboard-scheduler", requestId: randomUUID() });
