import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for Slack on 127.0.0.1: the OAuth v2 authorize page (pick a channel, Allow: back to the
 * redirect URI with a code), and the Web API methods Switchboard calls, oauth.v2.access, auth.test, auth.revoke and
 * chat.postMessage, answering as Slack documents them. The app reaches it through SLACK_API_BASE_URL (`apiUrl`) and
 * SLACK_AUTHORIZE_URL (`authorizeUrl`). `failNext` makes the next posts fail (429 with Retry-After, or a Slack
 * error), and `nextMessage` waits for a post to arrive, so tests never sleep.
 */

export interface PostedMessage {
  token: string;
  channel: string;
  text: string;
  blocks: unknown[] | null;
}

export type Failure = { status: 429; retryAfter: number } | { status: 500 } | { error: string };

export const STAND_IN_CLIENT_ID = "1111.2222";
export const STAND_IN_CLIENT_SECRET = "stand-in-client-secret";

export const CHANNELS = [
  { id: "C0GENERAL", name: "general" },
  { id: "C0ALERTS", name: "alerts" },
  { id: "C0CUSTOMER", name: "customer-events" },
];

interface Install {
  team: { id: string; name: string };
  channel: (typeof CHANNELS)[number];
  redirectUri: string;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (text += chunk));
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startSlackStandIn(options: { team?: { id: string; name: string } } = {}) {
  const team = options.team ?? { id: "T0STANDIN", name: "Stand-in Corp" };
  const codes = new Map<string, Install>();
  const tokens = new Map<string, Install & { revoked: boolean }>();
  const messages: PostedMessage[] = [];
  const failures: Failure[] = [];
  const waiters: { match: (m: PostedMessage) => boolean; resolve: (m: PostedMessage) => void }[] = [];
  const calls: string[] = [];

  const json = (res: http.ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}) =>
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(body));

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    if (req.method === "GET" && url.pathname === "/oauth/v2/authorize") {
      const p = url.searchParams;
      if (p.get("client_id") !== STAND_IN_CLIENT_ID) return res.writeHead(400, { "content-type": "text/plain" }).end("invalid_client_id");
      const hidden = ["redirect_uri", "state", "scope"].map((name) => `<input type="hidden" name="${name}" value="${escape(p.get(name) ?? "")}">`).join("");
      const options = CHANNELS.map((c) => `<option value="${c.id}">#${c.name}</option>`).join("");
      return res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><html><head><title>Slack stand-in: install</title></head>
<body style="font-family: sans-serif; margin: 40px; max-width: 560px">
<h1>Switchboard is requesting permission to access the ${escape(team.name)} Slack workspace</h1>
<p>Scopes: ${escape(p.get("scope") ?? "")}</p>
<form method="get" action="/oauth/v2/authorize/approve">${hidden}
<label>Where should Switchboard post? <select name="channel" aria-label="Channel">${options}</select></label>
<p><button type="submit">Allow</button> <button type="submit" name="deny" value="1">Cancel</button></p>
</form></body></html>`);
    }
    if (req.method === "GET" && url.pathname === "/oauth/v2/authorize/approve") {
      const p = url.searchParams;
      const back = new URL(p.get("redirect_uri") ?? "");
      back.searchParams.set("state", p.get("state") ?? "");
      if (p.get("deny")) back.searchParams.set("error", "access_denied");
      else {
        const code = randomBytes(12).toString("hex");
        codes.set(code, { team, channel: CHANNELS.find((c) => c.id === p.get("channel")) ?? CHANNELS[0], redirectUri: p.get("redirect_uri") ?? "" });
        back.searchParams.set("code", code);
      }
      return res.writeHead(302, { location: back.toString() }).end();
    }

    if (req.method !== "POST" || !url.pathname.startsWith("/api/")) return json(res, { ok: false, error: "unknown_method" }, 404);
    const method = url.pathname.slice("/api/".length);
    calls.push(method);
    const form = new URLSearchParams(await readBody(req));
    const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    const install = tokens.get(bearer);
    const authed = install && !install.revoked;

    switch (method) {
      case "oauth.v2.access": {
        if (form.get("client_id") !== STAND_IN_CLIENT_ID || form.get("client_secret") !== STAND_IN_CLIENT_SECRET) return json(res, { ok: false, error: "invalid_client_id" });
        const code = form.get("code") ?? "";
        const granted = codes.get(code);
        codes.delete(code);
        if (!granted) return json(res, { ok: false, error: "invalid_code" });
        if (granted.redirectUri !== form.get("redirect_uri")) return json(res, { ok: false, error: "bad_redirect_uri" });
        const token = `xoxb-${randomBytes(10).toString("hex")}`;
        tokens.set(token, { ...granted, revoked: false });
        return json(res, {
          ok: true,
          access_token: token,
          token_type: "bot",
          scope: "incoming-webhook,chat:write",
          bot_user_id: "U0BOT",
          app_id: "A0STANDIN",
          team: granted.team,
          enterprise: null,
          authed_user: { id: "U0INSTALLER" },
          incoming_webhook: {
            channel: `#${granted.channel.name}`,
            channel_id: granted.channel.id,
            configuration_url: `https://${granted.team.id.toLowerCase()}.slack.invalid/services/B0HOOK`,
            url: `https://hooks.slack.invalid/services/${granted.team.id}/B0HOOK/${randomBytes(8).toString("hex")}`,
          },
        });
      }
      case "auth.test":
        if (!authed) return json(res, { ok: false, error: "invalid_auth" });
        return json(res, { ok: true, url: `https://${install.team.id.toLowerCase()}.slack.invalid/`, team: install.team.name, team_id: install.team.id, user_id: "U0BOT", bot_id: "B0BOT" });
      case "auth.revoke":
        if (!authed) return json(res, { ok: false, error: "invalid_auth" });
        install.revoked = true;
        return json(res, { ok: true, revoked: true });
      case "chat.postMessage": {
        const failure = failures.shift();
        if (failure && "status" in failure && failure.status === 429) return json(res, { ok: false, error: "ratelimited" }, 429, { "retry-after": String(failure.retryAfter) });
        if (failure && "status" in failure) return res.writeHead(failure.status, { "content-type": "text/plain" }).end("upstream trouble");
        if (failure) return json(res, { ok: false, error: failure.error });
        if (!authed) return json(res, { ok: false, error: install?.revoked ? "token_revoked" : "invalid_auth" });
        const channel = form.get("channel") ?? "";
        if (!CHANNELS.some((c) => c.id === channel)) return json(res, { ok: false, error: "channel_not_found" });
        const message: PostedMessage = { token: bearer, channel, text: form.get("text") ?? "", blocks: form.get("blocks") ? (JSON.parse(form.get("blocks")!) as unknown[]) : null };
        messages.push(message);
        for (const waiter of waiters.filter((w) => w.match(message))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
        return json(res, { ok: true, channel, ts: `${Date.now() / 1000}`, message: { text: message.text } });
      }
      default:
        return json(res, { ok: false, error: "unknown_method" });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    apiUrl: `${origin}/api`,
    authorizeUrl: `${origin}/oauth/v2/authorize`,
    team,
    messages,
    calls,
    /** Env for the app (or this process) to talk to the stand-in. */
    env: (signingSecret: string) => ({
      SLACK_CLIENT_ID: STAND_IN_CLIENT_ID,
      SLACK_CLIENT_SECRET: STAND_IN_CLIENT_SECRET,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_BASE_URL: `${origin}/api`,
      SLACK_AUTHORIZE_URL: `${origin}/oauth/v2/authorize`,
    }),
    /** Makes the next chat.postMessage calls fail, in order. */
    failNext: (...next: Failure[]) => failures.push(...next),
    /** A code as the authorize page would hand out, for tests that skip the browser. */
    grantCode: (redirectUri: string, channelId = CHANNELS[1].id) => {
      const code = randomBytes(12).toString("hex");
      codes.set(code, { team, channel: CHANNELS.find((c) => c.id === channelId)!, redirectUri });
      return code;
    },
    isRevoked: (token: string) => tokens.get(token)?.revoked ?? false,
    /** The first posted message (already received or still to come) that matches. */
    nextMessage: (match: (m: PostedMessage) => boolean = () => true) =>
      new Promise<PostedMessage>((resolve) => {
        const already = messages.find(match);
        if (already) return resolve(already);
        waiters.push({ match, resolve });
      }),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export type SlackStandIn = Awaited<ReturnType<typeof startSlackStandIn>>;
