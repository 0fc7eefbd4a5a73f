import fc from "fast-check";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import * as attemptsExport from "@/app/api/v1/attempts/export/route";
import * as auditExport from "@/app/api/v1/audit-log/export/route";
import { recordAudit } from "@/lib/audit/log";
import { csvCell } from "@/lib/audit";
import { apiRequest, noParams } from "../helpers/api";
import { createOwnerWithKey, testRequest } from "../helpers/factories";
import { daysAgo, endpointAndSource, seedMessage } from "./seed";

/**
 * A strict RFC 4180 reader (no CSV parser is installed): fields separated by commas, records by \n; a quoted field
 * may hold commas, newlines and doubled quotes; anything else (a quote inside an unquoted field, text after a closing
 * quote, an unterminated quote) throws.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  if (!text.endsWith("\n")) throw new Error("the last record is not terminated");
  while (i < text.length) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quoted field");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (text[i] !== "," && text[i] !== "\n") throw new Error(`text after a closing quote at ${i}`);
    } else {
      while (text[i] !== "," && text[i] !== "\n") {
        if (text[i] === '"' || text[i] === "\r") throw new Error(`a bare ${JSON.stringify(text[i])} in an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === "\n") {
      records.push(record);
      record = [];
    }
    i++;
  }
  return records;
}

/** What a spreadsheet should show for a cell: a would-be formula is defused with a leading '. */
const defused = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

describe("CSV cells", () => {
  it("round-trip through a strict RFC 4180 parser, with formulas defused", () => {
    const cell = fc.oneof(
      fc.string({ unit: "grapheme" }),
      fc.string({ unit: fc.constantFrom('"', ",", "\n", "\r", "=", "+", "-", "@", "\t", "a", " ", "'") }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), (rows) => {
        // A record of one empty field is an empty line, which RFC 4180 readers skip: the exports never write one
        // (every record has an id), so neither does the property.
        fc.pre(rows.every((r) => r.length > 1 || r[0] !== ""));
        const text = rows.map((r) => r.map(csvCell).join(",") + "\n").join("");
        expect(parseCsv(text)).toEqual(rows.map((r) => r.map(defused)));
      }),
      { numRuns: 500 },
    );
  });

  it("quotes exactly what needs it", () => {
    expect(csvCell("=SUM(A1)")).toBe(`"'=SUM(A1)"`);
    expect(csvCell("-1")).toBe(`"'-1"`);
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell(null)).toBe("");
  });
});

async function body(response: Response) {
  expect(response.status).toBe(200);
  return response.text();
}

describe("compliance exports", () => {
  it("streams the audit log of the key's workspace only, in the range, as CSV and JSON", async () => {
    const mine = await createOwnerWithKey();
    const theirs = await createOwnerWithKey();
    // Over 500 rows, so the export reads more than one page.
    for (let i = 0; i < 520; i++) {
      await recordAudit(db(), { workspaceId: mine.workspace.id, actor: { type: "system", id: null, label: "=cmd|' /C calc'!A0" }, action: "endpoint.update", target: { type: "endpoint", id: `ep_${i}` }, after: { note: 'a "quoted", multi\nline value' }, request: testRequest() });
    }
    await recordAudit(db(), { workspaceId: theirs.workspace.id, actor: { type: "system", id: null, label: "other" }, action: "endpoint.update", target: { type: "endpoint", id: "ep_theirs" }, request: testRequest() });
    const total = (await db().execute<{ n: number }>(sql`select count(*)::int as n from audit_log where workspace_id = ${mine.workspace.id}`))[0].n;

    const csvResponse = await auditExport.GET(apiRequest("/api/v1/audit-log/export?format=csv", { key: mine.key }), noParams);
    expect(csvResponse.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csvResponse.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-all-all\.csv"$/);
    const [header, ...records] = parseCsv(await body(csvResponse));
    expect(header).toEqual(["id", "created_at", "actor_type", "actor_id", "actor", "action", "target_type", "target_id", "before", "after", "ip", "user_agent", "request_id"]);
    expect(records).toHaveLength(total);
    expect(records.some((r) => r[7] === "ep_theirs")).toBe(false);
    const sample = records.find((r) => r[7] === "ep_3")!;
    expect(sample[4]).toBe("'=cmd|' /C calc'!A0");
    expect(JSON.parse(sample[9])).toEqual({ note: 'a "quoted", multi\nline value' });

    const json = JSON.parse(await body(await auditExport.GET(apiRequest("/api/v1/audit-log/export?format=json", { key: mine.key }), noParams))) as { id: string; target: { id: string }; createdAt: string }[];
    expect(json.map((e) => e.id).sort()).toEqual(records.map((r) => r[0]).sort());

    // A range: only entries from `from` on.
    const cut = json[100].createdAt;
    const ranged = JSON.parse(await body(await auditExport.GET(apiRequest(`/api/v1/audit-log/export?format=json&from=${encodeURIComponent(cut)}`, { key: mine.key }), noParams))) as { createdAt: string }[];
    expect(ranged.length).toBe(json.filter((e) => e.createdAt >= cut).length);
    expect(ranged.every((e) => e.createdAt >= cut)).toBe(true);

    const bad = await auditExport.GET(apiRequest("/api/v1/audit-log/export?format=xml", { key: mine.key }), noParams);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { code: "validation_failed" } });
  });

  it("streams attempt metadata (no headers or bodies) of the workspace only, over a range, across pages", async () => {
    const mine = await createOwnerWithKey();
    const theirs = await createOwnerWithKey();
    const { endpointId } = await endpointAndSource(mine.ctx);
    const other = await endpointAndSource(theirs.ctx);
    const seeded = [];
    // Over 250 attempts (listAttempts' page), some old.
    for (let i = 0; i < 260; i++) seeded.push(await seedMessage(mine.workspace.id, endpointId, i < 10 ? 20 : 1));
    const foreign = await seedMessage(theirs.workspace.id, other.endpointId, 1);

    const text = await body(await attemptsExport.GET(apiRequest("/api/v1/attempts/export?format=csv", { key: mine.key }), noParams));
    const [header, ...records] = parseCsv(text);
    expect(header).toContain("request_body_sha256");
    expect(header).not.toContain("response_body");
    expect(records.map((r) => r[0]).sort()).toEqual(seeded.map((s) => s.attemptId).sort());
    expect(text).not.toContain(foreign.attemptId);
    expect(text).not.toContain("card received");

    const from = daysAgo(10).toISOString();
    const recent = JSON.parse(await body(await attemptsExport.GET(apiRequest(`/api/v1/attempts/export?format=json&from=${from}`, { key: mine.key }), noParams))) as Record<string, unknown>[];
    expect(recent).toHaveLength(250);
    expect(Object.keys(recent[0])).not.toContain("responseBody");
    expect(recent[0]).toMatchObject({ endpointId, succeeded: true, responseStatus: 200, bodiesPurgedAt: null });
  });
});
