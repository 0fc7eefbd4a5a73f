// A webhook receiver on 127.0.0.1 that checks every delivery with the `standardwebhooks` package, as a customer's
// receiver would: 204 when some configured secret verifies the signature, 401 otherwise. It records what it got.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface VerifiedRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
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
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const verifiedBy = state.secrets.flatMap((secret, i) => {
        try {
          new Webhook(secret).verify(body, headers);
          return [i];
        } catch {
          return [];
        }
      });
      state.requests.push({ headers: req.headers, body, verifiedBy });
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
