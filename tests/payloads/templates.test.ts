import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog } from "@/db/schema";
import { AppError } from "@/lib/api/errors";
import type { RequestContext } from "@/lib/api/request-context";
import { createEndpoint, deleteEndpoint, updateEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  listTemplateVersions,
  previewTemplate,
  publishTemplate,
  resolveEndpointTemplate,
  rollbackTemplate,
  updateTemplate,
} from "@/lib/payloads/templates";
import { createOwner } from "@/tests/helpers/factories";

let ctx: RequestContext;
let other: RequestContext;

beforeAll(async () => {
  ctx = (await createOwner()).ctx;
  other = (await createOwner()).ctx;
});

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  return error as Error & { code?: string; issues?: { path: PropertyKey[]; message: string }[] };
}

const auditActions = async (id: string) =>
  (await db().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.workspaceId, ctx.workspaceId), eq(auditLog.targetId, id))).orderBy(asc(auditLog.createdAt), asc(auditLog.id))).map((r) => r.action);

describe("templates", () => {
  it("publish makes immutable versions; rollback republishes an earlier source and leaves the draft; every change is audited", async () => {
    const created = await createTemplate({ name: "Orders", target: "json", source: '{"v": 1}' }, ctx);
    expect(created).toMatchObject({ id: expect.stringMatching(/^tpl_/), latestVersion: 0, draftSource: '{"v": 1}' });

    const v1 = await publishTemplate({ id: created.id, changelog: "first" }, ctx);
    expect(v1).toMatchObject({ number: 1, source: '{"v": 1}', changelog: "first", publishedBy: ctx.actor.label });
    // The same draft again is not a new version.
    expect(await rejection(publishTemplate({ id: created.id }, ctx))).toMatchObject({ code: "conflict" });

    await updateTemplate({ id: created.id, source: '{"v": 2}' }, ctx);
    const v2 = await publishTemplate({ id: created.id, changelog: "second" }, ctx);
    expect(v2.number).toBe(2);
    await updateTemplate({ id: created.id, source: '{"v": "work in progress"' }, ctx);

    const v3 = await rollbackTemplate({ id: created.id, version: 1 }, ctx);
    expect(v3).toMatchObject({ number: 3, source: '{"v": 1}', changelog: "Rolled back to version 1" });
    const after = await getTemplate({ id: created.id }, ctx);
    expect(after).toMatchObject({ latestVersion: 3, draftSource: '{"v": "work in progress"' });
    expect((await listTemplateVersions({ id: created.id }, ctx)).map((v) => [v.number, v.source])).toEqual([
      [3, '{"v": 1}'],
      [2, '{"v": 2}'],
      [1, '{"v": 1}'],
    ]);
    // Rolling back to the latest (or a later) version, or to one that does not exist, is refused.
    expect(await rejection(rollbackTemplate({ id: created.id, version: 3 }, ctx))).toMatchObject({ issues: [expect.objectContaining({ path: ["version"] })] });
    expect(await auditActions(created.id)).toEqual(["template.create", "template.publish", "template.update", "template.publish", "template.update", "template.rollback"]);
  });

  it("refuses to publish a draft that does not parse, saying where", async () => {
    const created = await createTemplate({ name: "Broken", source: "ok\n{% if %}" }, ctx);
    const error = await rejection(publishTemplate({ id: created.id }, ctx));
    expect(error.issues?.[0]).toMatchObject({ path: ["source"], message: expect.stringContaining("line 2, column 6") });
    expect((await getTemplate({ id: created.id }, ctx)).latestVersion).toBe(0);
  });

  it("starts from a built-in, keeps names unique, and is invisible to other workspaces", async () => {
    const slack = await createTemplate({ name: "Slack alerts", builtIn: "slack-block-kit" }, ctx);
    expect(slack).toMatchObject({ target: "slack", draftSource: expect.stringContaining('"blocks"') });
    expect(await rejection(createTemplate({ name: "Slack alerts" }, ctx))).toMatchObject({ code: "conflict" });
    expect(await rejection(createTemplate({ name: "x", builtIn: "nope" }, ctx))).toMatchObject({ issues: [expect.objectContaining({ path: ["builtIn"] })] });
    expect(await rejection(getTemplate({ id: slack.id }, other))).toMatchObject({ code: "not_found" });
    expect(await rejection(publishTemplate({ id: slack.id }, other))).toMatchObject({ code: "not_found" });
    expect((await listTemplates({}, other)).data).toEqual([]);
  });

  it("lists newest first in cursor pages", async () => {
    const { ctx: mine } = await createOwner();
    for (const name of ["a", "b", "c"]) await createTemplate({ name }, mine);
    const first = await listTemplates({ limit: 2 }, mine);
    expect(first.data.map((t) => t.name)).toEqual(["c", "b"]);
    const second = await listTemplates({ limit: 2, cursor: first.nextCursor! }, mine);
    expect(second).toMatchObject({ data: [expect.objectContaining({ name: "a" })], nextCursor: null });
  });

  it("previews the draft, a source or a version against a payload or an event type's sample, with the target's check", async () => {
    await createEventType({ name: "invoice.paid", samplePayload: { amount: 42 } }, ctx);
    const created = await createTemplate({ name: "Preview", target: "slack", source: '{"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": {{ event.data.amount | json }} }}]}' }, ctx);
    // 42 is a number, not a string: the Block Kit check says so.
    expect(await previewTemplate({ id: created.id, eventType: "invoice.paid" }, ctx)).toMatchObject({
      ok: true,
      contentType: "application/json",
      validation: { ok: false, issues: [{ path: "blocks[0].text.text", message: "The text must be a string" }] },
    });
    const fixed = '{"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": {{ event.data.amount | append: " " | append: vars.unit | json }} }}]}';
    expect(await previewTemplate({ id: created.id, source: fixed, payload: { amount: 7 }, vars: { unit: "EUR" } }, ctx)).toMatchObject({
      ok: true,
      output: expect.stringContaining('"text": "7 EUR"'),
      validation: { ok: true, issues: [] },
    });
    expect(await previewTemplate({ id: created.id, source: "{{ oops" }, ctx)).toMatchObject({ ok: false, error: { line: 1, column: 1 } });
    expect(await rejection(previewTemplate({ id: created.id, eventType: "no.such.type" }, ctx))).toMatchObject({ code: "not_found" });
    expect(await rejection(previewTemplate({ id: created.id, version: 1 }, ctx))).toMatchObject({ code: "not_found" });
  });
});

describe("endpoints and templates", () => {
  it("an endpoint pins a published version or follows the latest; resolveEndpointTemplate answers with the source to render", async () => {
    const created = await createTemplate({ name: "Pinned", target: "text", source: "one" }, ctx);
    const url = "https://example.com/hook";
    // Not published yet: no endpoint may use it.
    expect(await rejection(createEndpoint({ url, templateId: created.id }, ctx))).toMatchObject({ issues: [expect.objectContaining({ path: ["templateId"] })] });
    await publishTemplate({ id: created.id }, ctx);
    await updateTemplate({ id: created.id, source: "two" }, ctx);
    await publishTemplate({ id: created.id }, ctx);

    const { endpoint: pinned } = await createEndpoint({ url, templateId: created.id, templateVersion: 1, templateVars: { who: "ops" } }, ctx);
    const { endpoint: latest } = await createEndpoint({ url, templateId: created.id }, ctx);
    expect(pinned).toMatchObject({ templateId: created.id, templateVersion: 1, templateVars: { who: "ops" } });
    expect(await resolveEndpointTemplate(pinned)).toEqual({ templateId: created.id, version: 1, target: "text", contentType: "text/plain; charset=utf-8", source: "one" });
    expect(await resolveEndpointTemplate(latest)).toMatchObject({ version: 2, source: "two" });

    // A publish reaches endpoints that follow the latest at once (the cache is invalidated); the pinned one stays.
    await updateTemplate({ id: created.id, source: "three" }, ctx);
    await publishTemplate({ id: created.id }, ctx);
    expect(await resolveEndpointTemplate(latest)).toMatchObject({ version: 3, source: "three" });
    await rollbackTemplate({ id: created.id, version: 2 }, ctx);
    expect(await resolveEndpointTemplate(latest)).toMatchObject({ version: 4, source: "two" });
    expect(await resolveEndpointTemplate(pinned)).toMatchObject({ version: 1, source: "one" });
    expect(await resolveEndpointTemplate({ templateId: null, templateVersion: null })).toBeNull();

    // A version that does not exist, another workspace's template, or a version without a template are field errors.
    expect(await rejection(updateEndpoint({ id: pinned.id, templateVersion: 9 }, ctx))).toMatchObject({ issues: [expect.objectContaining({ path: ["templateVersion"] })] });
    const theirs = await createTemplate({ name: "Theirs", source: "x" }, other);
    await publishTemplate({ id: theirs.id }, other);
    expect(await rejection(updateEndpoint({ id: pinned.id, templateId: theirs.id, templateVersion: null }, ctx))).toMatchObject({ issues: [expect.objectContaining({ path: ["templateId"] })] });
    expect(await rejection(updateEndpoint({ id: pinned.id, templateId: null }, ctx))).toMatchObject({ issues: [expect.objectContaining({ path: ["templateVersion"] })] });
    expect(await updateEndpoint({ id: pinned.id, templateId: null, templateVersion: null }, ctx)).toMatchObject({ templateId: null, templateVersion: null });

    // Deleting a template an endpoint uses is refused until no endpoint does.
    const refused = await rejection(deleteTemplate({ id: created.id }, ctx));
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "conflict", message: expect.stringContaining("1 endpoint uses") });
    await deleteEndpoint({ id: latest.id }, ctx);
    await deleteTemplate({ id: created.id }, ctx);
    expect(await rejection(getTemplate({ id: created.id }, ctx))).toMatchObject({ code: "not_found" });
    expect(await auditActions(created.id)).toContain("template.delete");
  });
});
