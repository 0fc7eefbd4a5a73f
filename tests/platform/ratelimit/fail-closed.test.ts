// A rate-limit store that fails: sign-in is refused (fail closed), the API is allowed with a warning (fail open).
import { createServer } from "node:net";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/api/errors";
import { assertSignInAllowed } from "@/lib/auth/sign-in";
import { resetEnvForTests } from "@/lib/platform/env";
import { createRateLimiter, resetRateLimiterForTests, RULES } from "@/lib/platform/ratelimit";
import { closeRedis } from "@/lib/platform/redis";
import { redisUrl } from "./helpers";

/** A loopback port that was just free: nothing listens there, so connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

describe("rate limits when the store fails", () => {
  afterEach(async () => {
    vi.restoreAllMocks();
    delete process.env.REDIS_URL;
    resetEnvForTests();
    resetRateLimiterForTests();
    await closeRedis();
  });

  it("refuse sign-in with 503 rate_limit_unavailable and allow the API with a warning, on a Redis client that was quit", async () => {
    const quit = new Redis(redisUrl, { maxRetriesPerRequest: 0 });
    await quit.ping();
    await quit.quit();
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const limiter = createRateLimiter("redis", { redis: quit, keyPrefix: `failing:${Date.now()}` });

    const refused = await refusal(limiter.limit("signin:email", "a@example.test", RULES.signInPerEmail));
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "rate_limit_unavailable", status: 503 });
    expect(error).toHaveBeenCalledWith(expect.stringContaining("request refused"));

    expect(await limiter.limit("api", "key_1", RULES.apiPerKey)).toMatchObject({ success: true });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("request allowed"));
  });

  it("sign-in is refused through the app's limiter when REDIS_URL points at a closed port", async () => {
    process.env.REDIS_URL = `redis://127.0.0.1:${await closedPort()}`;
    resetEnvForTests();
    resetRateLimiterForTests();
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const refused = await refusal(assertSignInAllowed("b@example.test", "198.51.100.4"));
    expect(refused).toMatchObject({ code: "rate_limit_unavailable", status: 503 });
  });
});
