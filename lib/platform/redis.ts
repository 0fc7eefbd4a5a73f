import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { env } from "@/lib/platform/env";

let client: Redis | undefined;

/**
 * The shared ioredis client for a self-hosted `REDIS_URL`. Lazy, so importing this module (as `next build` does)
 * never opens a connection.
 */
export function getRedis(): Redis {
  if (!client) {
    const url = env().REDIS_URL;
    if (!url) throw new Error("REDIS_URL is not set; getRedis() is only for the self-hosted Redis backing.");
    client = new Redis(url, {
      // Give up on a command after one reconnect attempt, so a Redis outage turns into a fast error that callers can
      // handle instead of requests queueing behind a dead connection.
      maxRetriesPerRequest: 1,
    });
    // Without a listener ioredis prints a full stack trace on every failed reconnect; one line is enough.
    client.on("error", (error: Error) => console.warn(`[redis] ${error.message}`));
  }
  return client;
}

export async function closeRedis() {
  await client?.quit();
  client = undefined;
}

/**
 * The subset of the `@upstash/redis` client that `@upstash/ratelimit` calls for the single-region algorithms:
 * `evalsha` first, then `eval` when the answer mentions NOSCRIPT.
 */
export interface UpstashCompatibleRedis {
  eval<TData = unknown>(script: string, keys: string[], args: unknown[]): Promise<TData>;
  evalsha<TData = unknown>(sha1: string, keys: string[], args: unknown[]): Promise<TData>;
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/**
 * Upstash's Lua scripts begin with `#!lua flags=allow-key-locking`, a flag Redis 7.0 rejects ("Unexpected flag in
 * script shebang"). Without a shebang Redis runs the script in its plain EVAL mode, which behaves identically for
 * these scripts. The line is blanked rather than removed so that line numbers in Redis error messages still match the
 * original script.
 */
export function stripShebang(script: string): string {
  return script.startsWith("#!") ? script.replace(/^#![^\n]*/, "") : script;
}

/**
 * Adapts ioredis to the calls `@upstash/ratelimit` makes. Upstash addresses scripts by the SHA-1 of their original
 * text, but Redis only ever holds the stripped text, whose SHA-1 differs. So each script seen through `eval` is
 * remembered as original SHA-1 -> stripped text and SHA-1, and later `evalsha` calls are translated.
 */
export function createUpstashCompatibleRedis(redis: Pick<Redis, "call">): UpstashCompatibleRedis {
  const scripts = new Map<string, { text: string; sha: string }>();

  const run = async (command: "EVAL" | "EVALSHA", scriptOrSha: string, keys: string[], args: unknown[]) =>
    redis.call(
      command,
      scriptOrSha,
      keys.length,
      ...keys,
      // Upstash sends numbers and strings (and null for "no argument"); Redis receives everything as strings.
      ...args.map((arg) => (typeof arg === "number" ? arg : String(arg ?? ""))),
    );

  return {
    async eval<TData>(script: string, keys: string[], args: unknown[]) {
      const text = stripShebang(script);
      scripts.set(sha1(script), { text, sha: sha1(text) });
      // EVAL also caches the script in Redis, so the next translated EVALSHA finds it.
      return (await run("EVAL", text, keys, args)) as TData;
    },

    async evalsha<TData>(sha: string, keys: string[], args: unknown[]) {
      const known = scripts.get(sha);
      // An unknown hash goes to Redis as is: its NOSCRIPT answer makes Upstash fall back to `eval`, which teaches us
      // the script.
      if (!known) return (await run("EVALSHA", sha, keys, args)) as TData;
      try {
        return (await run("EVALSHA", known.sha, keys, args)) as TData;
      } catch (error) {
        // Redis forgets scripts on restart or SCRIPT FLUSH; we still hold the text, so send it again.
        if (!String(error).includes("NOSCRIPT")) throw error;
        return (await run("EVAL", known.text, keys, args)) as TData;
      }
    },
  };
}
