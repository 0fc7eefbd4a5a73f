// A webhook receiver on 127.0.0.1 that checks every delivery with the `standardwebhooks` package, as a customer's
// receiver would: 204 when some configured secret verifies the signature, 401 otherwise. It records what it got.
// A compressed body is decoded first (lib/net's decodeContentEncoding, as inbound sources do) and verified as decoded.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { decodeContentEncoding } from "@/lib/net";

export interface VerifiedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The body after undoing Content-Encoding. */
  body: string;
  /** The bytes as they arrived. */
  wireBytes: number;
  /** The configured secrets that verified this request, by index. */
  verifiedBy: number[];
}

export interface VerifyingReceiver {
  url: string;
  requests: VerifiedRequest[];
  /** The secrets to check with; replace at any time. */
  secrets: string[];
  /** Answer with this status instead (e.g. to make a delivery fail); null verifies as usual. */
  forceStatus: number | null;
  /** Milliseconds to wait before answering. */
  delayMs: number;
  close: () => Promise<void>;
}

export async function startVerifyingReceiver(secrets: string[] = []): Promise<VerifyingReceiver> {
  const state: VerifyingReceiver = { url: "", requests: [], secrets, forceStatus: null, delayMs: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const wire = Buffer.concat(chunks);
      const decoded = await decodeContentEncoding(wire, req.headers["content-encoding"] ?? null, 64 * 1024 * 1024);
      const body = (decoded.ok ? decoded.bytes : wire).toString("utf8");
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const verifiedBy = state.secrets.flatMap((secret, i) => {
        try {
          new Webhook(secret).verify(body, headers);
          return [i];
        } catch (error) {
          // verify() ends by parsing the body as JSON: a form or XML body whose signature held fails only there.
          return error instanceof WebhookVerificationError ? [] : [i];
        }
      });
      state.requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, wireBytes: wire.length, verifiedBy });
      const answer = () => res.writeHead(state.forceStatus ?? (verifiedBy.length ? 204 : 401)).end();
      if (state.delayMs) setTimeout(answer, state.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
