import { z } from "zod";

/**
 * The one place the environment is read. Everything else asks `env()`.
 * Parsing is lazy so that `next build` never needs a database or secrets.
 */

export type RuntimeMode = "embedded" | "self-hosted" | "vercel";

const flag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const cidrList = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : []));

const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}:`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(" or ")}`,
    });

// ENCRYPTION_KEYS is "kid:base64(32 bytes)[,kid:base64...]"; the first key encrypts, all decrypt.
const encryptionKeys = z
  .string()
  .min(1)
  .transform((value, ctx) => {
    const keys = value.split(",").map((entry) => {
      const [id, material] = entry.trim().split(":");
      const key = Buffer.from(material ?? "", "base64");
      if (!id || key.length !== 32) {
        ctx.addIssue({ code: "custom", message: "each entry must be kid:base64 of 32 bytes" });
      }
      return { id: id ?? "", key };
    });
    return keys;
  });

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    VERCEL: flag,
    SWITCHBOARD_EMBEDDED: flag,
    DATABASE_URL: url(["postgres", "postgresql"]),
    DATABASE_NO_PREPARE: flag,
    /** The longest a request waits for a database connection before answering 503 (lib/platform/db-availability.ts). */
    DATABASE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
    /** The public origin: every emailed link, and the only host sign-in mails a link for (lib/auth/origin.ts). */
    APP_URL: url(["http", "https"]).optional(),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
    AUTH_GITHUB_ID: z.string().min(1).optional(),
    AUTH_GITHUB_SECRET: z.string().min(1).optional(),
    AUTH_REDIRECT_PROXY_URL: url(["http", "https"]).optional(),
    EMAIL_SERVER: url(["smtp", "smtps"]).optional(),
    EMAIL_FROM: z.string().min(3).default("Switchboard <no-reply@switchboard.local>"),
    ENCRYPTION_KEYS: encryptionKeys,
    REDIS_URL: url(["redis", "rediss"]).optional(),
    UPSTASH_REDIS_REST_URL: url(["https", "http"]).optional(),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
    INNGEST_EVENT_KEY: z.string().min(1).optional(),
    INNGEST_SIGNING_KEY: z.string().min(1).optional(),
    ALLOW_PRIVATE_TARGETS: flag,
    PRIVATE_TARGET_ALLOWLIST: cidrList,
    TRUSTED_PROXIES: cidrList,
    /** The largest body POST /api/v1/messages accepts, and so the largest message payload (lib/api/body.ts). */
    API_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    /** How often a request stream re-checks that its key or member may still read it (lib/inbound/stream.ts). */
    STREAM_AUTH_RECHECK_MS: z.coerce.number().int().min(50).max(300_000).default(5_000),
    // Slack (lib/integrations/slack): the app's credentials from api.slack.com/apps; unset, Slack shows as not
    // configured. The base URLs are Slack's own unless a test points them at a stand-in.
    SLACK_CLIENT_ID: z.string().min(1).optional(),
    SLACK_CLIENT_SECRET: z.string().min(1).optional(),
    SLACK_SIGNING_SECRET: z.string().min(1).optional(),
    SLACK_API_BASE_URL: url(["https", "http"]).default("https://slack.com/api"),
    SLACK_AUTHORIZE_URL: url(["https", "http"]).default("https://slack.com/oauth/v2/authorize"),
    // IFTTT (lib/integrations/ifttt): the service's key and OAuth client from the IFTTT Platform; unset, IFTTT shows
    // as not configured. IFTTT_TEST_WORKSPACE (a slug) is where the endpoint tests' user and events live.
    IFTTT_SERVICE_KEY: z.string().min(1).optional(),
    IFTTT_CLIENT_ID: z.string().min(1).optional(),
    IFTTT_CLIENT_SECRET: z.string().min(1).optional(),
    IFTTT_REALTIME_URL: url(["https", "http"]).default("https://realtime.ifttt.com"),
    /** Where IFTTT's OAuth redirect_uri must start: its own authorize callback unless a test points it elsewhere. */
    IFTTT_REDIRECT_URI_PREFIX: url(["https", "http"]).default("https://ifttt.com/channels/"),
    IFTTT_TEST_WORKSPACE: z.string().min(1).optional(),
    /** The structured log's level (lib/monitoring/log.ts); unset: info, and silent under tests. */
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).optional(),
    /** The bearer token Prometheus scrapes /api/metrics with; unset, the endpoint answers 404. */
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    // Set by Vercel: the deployment's own hostnames (no scheme).
    VERCEL_URL: z.string().min(1).optional(),
    VERCEL_BRANCH_URL: z.string().min(1).optional(),
    VERCEL_PROJECT_PRODUCTION_URL: z.string().min(1).optional(),
  })
  .superRefine((e, ctx) => {
    const pair = (a: keyof typeof e, b: keyof typeof e) => {
      if (Boolean(e[a]) !== Boolean(e[b])) {
        ctx.addIssue({ code: "custom", path: [e[a] ? b : a], message: `must be set together with ${e[a] ? a : b}` });
      }
    };
    pair("AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET");
    pair("UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN");
    pair("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET");
    pair("IFTTT_CLIENT_ID", "IFTTT_CLIENT_SECRET");
    if (e.VERCEL) {
      // Vercel has no long-lived process: without Inngest nothing would deliver, without a shared store nothing would limit.
      for (const key of ["INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY", "UPSTASH_REDIS_REST_URL"] as const) {
        if (!e[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required on Vercel" });
      }
      if (!e.APP_URL && !e.VERCEL_URL) ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "is required on Vercel when VERCEL_URL is not set" });
    } else if (!e.SWITCHBOARD_EMBEDDED) {
      // Self-hosted: links must name the public origin, and sign-in links must go by mail. The dev mailbox that
      // stands in for SMTP belongs to the embedded default only, where it is shown on loopback alone.
      if (!e.APP_URL) ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "is required when self-hosted (the public URL, e.g. https://hooks.example.com)" });
      if (!e.EMAIL_SERVER) ctx.addIssue({ code: "custom", path: ["EMAIL_SERVER"], message: "is required when self-hosted (smtp:// or smtps://): sign-in links go by mail" });
    }
  });

export type Env = Omit<z.infer<typeof schema>, "APP_URL"> & { APP_URL: string; mode: RuntimeMode };

export class EnvError extends Error {
  constructor(public readonly problems: { variable: string; message: string }[]) {
    super(
      "Invalid environment:\n" + problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n"),
    );
    this.name = "EnvError";
  }
}

/** Pure: parse a raw environment into the typed one, or throw an EnvError naming each bad variable. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  // Empty strings mean "unset"; shells and .env files produce them often.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    // One line per variable, even when several checks on it failed.
    const byVariable = new Map<string, string>();
    for (const issue of result.error.issues) {
      const variable = String(issue.path[0] ?? "environment");
      const message = issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
      byVariable.set(variable, byVariable.has(variable) ? `${byVariable.get(variable)}; ${message}` : message);
    }
    throw new EnvError([...byVariable].map(([variable, message]) => ({ variable, message })));
  }
  const e = result.data;
  const mode: RuntimeMode = e.VERCEL ? "vercel" : e.SWITCHBOARD_EMBEDDED ? "embedded" : "self-hosted";
  // A preview deployment without APP_URL of its own links to itself; the embedded default's start sets APP_URL.
  const appUrl = e.APP_URL ?? (mode === "vercel" ? `https://${e.VERCEL_URL}` : "http://localhost:3000");
  return { ...e, APP_URL: appUrl.replace(/\/+$/, ""), mode };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change process.env between cases; this forgets the cached parse. */
export function resetEnvForTests() {
  cached = undefined;
}

export type RateLimitBacking = "upstash" | "redis" | "memory";

export function rateLimitBacking(e: Env = env()): RateLimitBacking {
  if (e.UPSTASH_REDIS_REST_URL) return "upstash";
  if (e.REDIS_URL) return "redis";
  return "memory";
}

/** Which optional integrations are configured, for the settings page. Null-safe: nothing here throws. */
export function configuredIntegrations(e: Env = env()) {
  return {
    githubSignIn: Boolean(e.AUTH_GITHUB_ID),
    smtp: Boolean(e.EMAIL_SERVER),
    redis: rateLimitBacking(e),
    inngest: Boolean(e.INNGEST_EVENT_KEY && e.INNGEST_SIGNING_KEY),
    previewRedirectProxy: Boolean(e.AUTH_REDIRECT_PROXY_URL),
  };
}
