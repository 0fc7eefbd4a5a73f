import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as endpointsRoute from "@/app/api/v1/endpoints/route";
import { db } from "@/db";
import { idempotencyRecords } from "@/db/schema";
import { apiRoute, ok } from "@/lib/api/handler";
import { AppError } from "@/lib/api/errors";
import { createApiKey } from "@/lib/keys/service";
import { apiRequest, noParams } from "../helpers/api";
import { createOwner } from "../helpers/factories";

// A real POST route built with the same wrapper as /api/v1, counting how often its body actually runs.
function countingRoute() {
  let runs = 0;
  const route = apiRoute({}, async (api) => {
    runs += 1;
    const body = api.json() as { fail?: string };
    if (body.fail === "client") throw new AppError("validation_failed", "bad input");
    if (body.fail === "server") throw new Error("boom");
    return ok({ run: runs, echo: body }, 201);
  });
  return { route, runs: () => runs };
}

async function setup() {
  const owner = await createOwner();
  const { key } = await createApiKey({ name: "k", scopes: ["messages:write"], ipAllowlist: "" }, owner.ctx);
  return key;
}

const post = (key: string, body: unknown, idempotencyKey?: string) =>
  apiRequest("/api/v1/things", { method: "POST", key, body, headers: idempotencyKey ? { "idempotency-key": idempotencyKey } : {} });

describe("Idempotency-Key", () => {
  it("replays the first response for the same key and body", async () => {
    const key = await setup();
    const { route, runs } = countingRoute();
    const first = await route(post(key, { a: 1 }, "order-1"), noParams);
    const second = await route(post(key, { a: 1 }, "order-1"), noParams);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual(await first.json());
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(runs()).toBe(1);
  });

  it("answers 409 for the same key with a different body", async () => {
    const key = await setup();
    const { route } = countingRoute();
    await route(post(key, { a: 1 }, "order-2"), noParams);
    const conflict = await route(post(key, { a: 2 }, "order-2"), noParams);
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { error: { code: string } }).error.code).toBe("idempotency_conflict");
  });

  it("runs every request without a key, and keeps keys per workspace", async () => {
    const [key, other] = [await setup(), await setup()];
    const { route, runs } = countingRoute();
    await route(post(key, { a: 1 }), noParams);
    await route(post(key, { a: 1 }), noParams);
    await route(post(key, { a: 1 }, "shared"), noParams);
    await route(post(other, { a: 1 }, "shared"), noParams);
    expect(runs()).toBe(4);
  });

  it("replays a stored client error, but lets a retry after a server error run again", async () => {
    const key = await setup();
    const { route, runs } = countingRoute();
    expect((await route(post(key, { fail: "client" }, "k-client"), noParams)).status).toBe(422);
    expect((await route(post(key, { fail: "client" }, "k-client"), noParams)).status).toBe(422);
    expect(runs()).toBe(1);
    expect((await route(post(key, { fail: "server" }, "k-server"), noParams)).status).toBe(500);
    expect((await route(post(key, { fail: "server" }, "k-server"), noParams)).status).toBe(500);
    expect(runs()).toBe(3);
  });

  it("rejects a body that is not JSON with a clear error", async () => {
    const key = await setup();
    const { route } = countingRoute();
    const response = await route(post(key, "{not json"), noParams);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_json" } });
  });

  it("stores a replayable response sealed: the signing secret of a created endpoint is not in the row, yet a replay returns it", async () => {
    const owner = await createOwner();
    const { key } = await createApiKey({ name: "k", scopes: ["endpoints:write"], ipAllowlist: "" }, owner.ctx);
    const create = () =>
      endpointsRoute.POST(apiRequest("/api/v1/endpoints", { method: "POST", key, body: { url: "http://127.0.0.1:9/hooks" }, headers: { "idempotency-key": "create-1" } }), noParams);
    const first = await create();
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; secret: string };
    expect(created.secret).toMatch(/^whsec_/);

    const [row] = await db().select().from(idempotencyRecords).where(eq(idempotencyRecords.workspaceId, owner.workspace.id));
    expect(row.responseStatus).toBe(201);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(created.secret);
    expect(stored).not.toContain(created.secret.slice("whsec_".length));
    expect(stored).not.toContain(created.id);

    const replay = await create();
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.json()).toEqual(created);
  });
});
