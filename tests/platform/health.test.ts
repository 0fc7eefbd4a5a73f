import { afterEach, describe, expect, it } from "vitest";
import { closeDb } from "@/db";
import { resetEnvForTests } from "@/lib/platform/env";
import { checkHealth } from "@/lib/platform/health";
import { GET } from "@/app/api/health/route";

describe("GET /api/health", () => {
  const original = process.env.DATABASE_URL;
  afterEach(async () => {
    await closeDb();
    process.env.DATABASE_URL = original;
    resetEnvForTests();
  });

  it("reports the database and the mode", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", mode: "embedded", database: { ok: true } });
  });

  it("answers 503 when the database is down", async () => {
    await closeDb();
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/none";
    resetEnvForTests();
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "degraded", database: { ok: false } });
    expect((await checkHealth()).database.ok).toBe(false);
  });
});
