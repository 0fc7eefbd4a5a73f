// Security guards that live in the request path, against real app servers over real sockets (scripts/server.ts, as
// `npm start` serves the app): client addresses come from the socket, sign-in links only from the app's own origin,
// the dev mailbox only for loopback, sign-in refused while the rate limiter's store is down, unknown keys limited.
import { request as httpRequest } from "node:http";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "@/lib/keys/format";
import { createApiKey } from "@/lib/keys/service";
import { RULES } from "@/lib/platform/ratelimit";
import { startApp } from "../helpers/app-server";
import { createOwner } from "../helpers/factories";
import { startSmtpServer } from "../helpers/smtp";

type App = Awaited<ReturnType<typeof startApp>>;
type Answer = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

/** One request over a fresh loopback socket, with exactly the headers given (Host included, which fetch would not allow). */
function send(app: App, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const { port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** The answer's error code; for an answer that is not an error, the start of its body, so a failure shows what came. */
function errorCode(answer: Answer): string {
  try {
    return (JSON.parse(answer.text) as { error: { code: string } }).error.code;
  } catch {
    return `(not an error: ${answer.text.slice(0, 80)})`;
  }
}

/** Posts the email sign-in form as a browser would: a CSRF token and its cookie first, then the form. */
async function postSignIn(app: App, email: string, headers: Record<string, string> = {}): Promise<Answer> {
  const csrf = await send(app, "/api/auth/csrf");
  const cookie = ([] as string[]).concat(csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const body = new URLSearchParams({ email, csrfToken, callbackUrl: "/" }).toString();
  return send(app, "/api/auth/signin/nodemailer", {
    method: "POST",
    headers: { host: new URL(app.url).host, "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(body)), cookie, ...headers },
    body,
  });
}

/** A TCP relay to the test Redis that can be cut, as when Redis goes down under a running app. */
async function cuttableRedis() {
  const target = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  }).listen(0, "127.0.0.1");
  await new Promise((resolve) => relay.once("listening", resolve));
  return {
    url: `redis://127.0.0.1:${(relay.address() as AddressInfo).port}`,
    cut: async () => {
      const closed = new Promise((resolve) => relay.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const apps: App[] = [];
async function app(extraEnv: Record<string, string> = {}) {
  const started = await startApp({ EMAIL_SERVER: smtp.url, ...extraEnv });
  apps.push(started);
  return started;
}

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await smtp?.close();
});

describe("client addresses", () => {
  let direct: App;
  let behindProxy: App;
  let key: string;
  beforeAll(async () => {
    [direct, behindProxy] = await Promise.all([app(), app({ TRUSTED_PROXIES: "127.0.0.1/32" })]);
    const { ctx } = await createOwner();
    ({ key } = await createApiKey({ name: "allowlisted", scopes: ["endpoints:read"], ipAllowlist: "203.0.113.0/24" }, ctx));
  });

  it("ignore a forged X-Forwarded-For from a socket that is not a trusted proxy", async () => {
    const forged = await send(direct, "/api/v1/ping", { headers: { authorization: `Bearer ${key}`, "x-forwarded-for": "203.0.113.7" } });
    expect([forged.status, errorCode(forged)]).toEqual([403, "ip_not_allowed"]);
    expect(forged.text).toContain("Requests from 127.0.0.1 are not allowed");
  });

  it("believe X-Forwarded-For from a trusted proxy, as far as the proxies vouch", async () => {
    const believed = await send(behindProxy, "/api/v1/ping", { headers: { authorization: `Bearer ${key}`, "x-forwarded-for": "203.0.113.7" } });
    expect(believed.status).toBe(200);
    // The client named 203.0.113.7, the proxy appended the address it saw: that one is the client.
    const appended = await send(behindProxy, "/api/v1/ping", { headers: { authorization: `Bearer ${key}`, "x-forwarded-for": "203.0.113.7, 198.51.100.1" } });
    expect([appended.status, errorCode(appended)]).toEqual([403, "ip_not_allowed"]);
    expect(appended.text).toContain("Requests from 198.51.100.1");
  });
});

describe("sign-in links", () => {
  let self: App;
  beforeAll(async () => {
    self = await app();
  });

  it("are mailed only for requests to the app's own host, and always link to APP_URL", async () => {
    const forgedHost = await postSignIn(self, "victim@example.test", { host: "attacker.example" });
    expect([forgedHost.status, errorCode(forgedHost)]).toEqual([421, "wrong_host"]);
    // The other way to name a host: X-Forwarded-Host from a client that is not a trusted proxy is dropped.
    const forgedForwarded = await postSignIn(self, "victim2@example.test", { "x-forwarded-host": "attacker.example", "x-forwarded-proto": "https" });
    expect(forgedForwarded.status).toBe(302);
    const own = await postSignIn(self, "owner@example.test");
    expect(own.status).toBe(302);

    const mail = await smtp.waitForMail("owner@example.test", /Sign in/);
    expect(mail.text).toContain(`${self.url}/api/auth/callback/nodemailer?`);
    const redirected = await smtp.waitForMail("victim2@example.test", /Sign in/);
    expect(redirected.text).toContain(`${self.url}/api/auth/callback/nodemailer?`);
    expect(redirected.text).not.toContain("attacker.example");
    // Mail goes out in request order and the one after it has arrived: the forged request got none.
    expect(smtp.mails.filter((m) => m.to.includes("victim@example.test"))).toEqual([]);
  });
});

describe("the dev mailbox", () => {
  let embedded: App;
  beforeAll(async () => {
    // The embedded default without SMTP; 127.0.0.1 is a trusted proxy here, so a request can come "from" elsewhere.
    embedded = await app({ SWITCHBOARD_EMBEDDED: "1", EMAIL_SERVER: "", TRUSTED_PROXIES: "127.0.0.1/32" });
  });

  it("answers the person at the machine, and 404 to any other client", async () => {
    const local = await send(embedded, "/dev/mailbox");
    expect(local.status).toBe(200);
    expect(local.text).toContain("Dev mailbox");
    const signInPage = await send(embedded, "/sign-in");
    expect(signInPage.text).toContain('href="/dev/mailbox"');

    const remote = { "x-forwarded-for": "203.0.113.9" };
    expect((await send(embedded, "/dev/mailbox", { headers: remote })).status).toBe(404);
    const remoteSignIn = await send(embedded, "/sign-in", { headers: remote });
    expect(remoteSignIn.status).toBe(200);
    expect(remoteSignIn.text).not.toContain('href="/dev/mailbox"');
  });
});

describe("rate limits", () => {
  it("refuse sign-in with 503 while the Redis store is down, and keep the API open", async () => {
    const redis = await cuttableRedis();
    const redisDown = await app({ REDIS_URL: redis.url });
    await redis.cut();
    const refused = await postSignIn(redisDown, "someone@example.test");
    expect([refused.status, errorCode(refused)]).toEqual([503, "rate_limit_unavailable"]);
    const { ctx } = await createOwner();
    const { key } = await createApiKey({ name: "open", scopes: ["endpoints:read"], ipAllowlist: "" }, ctx);
    expect((await send(redisDown, "/api/v1/ping", { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
  });

  it("limit lookups of API keys that do not exist per client address", async () => {
    const server = await app();
    const unknown = () => send(server, "/api/v1/ping", { headers: { authorization: `Bearer ${generateApiKey("live").key}` } });
    for (let i = 0; i < RULES.unknownKeysPerIp.limit; i++) expect((await unknown()).status).toBe(401);
    const refused = await unknown();
    expect([refused.status, errorCode(refused)]).toEqual([429, "rate_limited"]);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  });
});
