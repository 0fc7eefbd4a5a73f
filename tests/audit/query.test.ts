import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { recordAudit } from "@/lib/audit/log";
import { auditCsv, csvCell, queryAuditLog } from "@/lib/audit/query";
import { createOwner, testRequest } from "../helpers/factories";

async function seed(workspaceId: string, n: number) {
  for (let i = 0; i < n; i++) {
    await recordAudit(db(), {
      workspaceId,
      actor: i % 2 ? { type: "api_key", id: `key_${i}`, label: "ci key" } : { type: "user", id: "usr_1", label: "ann@example.test" },
      action: i % 3 ? "endpoint.update" : "member.invite",
      target: { type: i % 3 ? "endpoint" : "invitation", id: `t_${i}` },
      after: { n: i, secret: "s3cret" },
      request: testRequest(),
    });
  }
}

describe("audit queries", () => {
  it("pages newest first with a keyset cursor and no overlap", async () => {
    const { workspace } = await createOwner();
    await seed(workspace.id, 23);
    const seen: { id: string; at: number }[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryAuditLog(workspace.id, { cursor }, 10);
      seen.push(...page.rows.map((r) => ({ id: r.id, at: r.createdAt.getTime() })));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(24); // 23 seeded + the workspace creation
    expect(new Set(seen.map((r) => r.id)).size).toBe(24);
    // Ordered by (created_at, id), newest first.
    const expected = [...seen].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
    expect(seen).toEqual(expected);
  });

  it("filters by actor, action prefix, target and time", async () => {
    const { workspace } = await createOwner();
    await seed(workspace.id, 12);
    expect((await queryAuditLog(workspace.id, { actor: "ci key" })).rows).toHaveLength(6);
    expect((await queryAuditLog(workspace.id, { action: "member" })).rows.every((r) => r.action.startsWith("member"))).toBe(true);
    expect((await queryAuditLog(workspace.id, { target: "t_4" })).rows.map((r) => r.targetId)).toEqual(["t_4"]);
    expect((await queryAuditLog(workspace.id, { from: new Date(Date.now() + 60_000) })).rows).toHaveLength(0);
    // A LIKE wildcard in the filter is literal.
    expect((await queryAuditLog(workspace.id, { actor: "%" })).rows).toHaveLength(0);
  });

  it("never shows another workspace's rows", async () => {
    const a = await createOwner();
    const b = await createOwner();
    await seed(b.workspace.id, 3);
    const rows = (await queryAuditLog(a.workspace.id, {})).rows;
    expect(rows.every((r) => r.workspaceId === a.workspace.id)).toBe(true);
  });

  it("exports CSV with redacted secrets and defused formulas", async () => {
    const { workspace } = await createOwner();
    await seed(workspace.id, 2);
    let csv = "";
    for await (const chunk of auditCsv(workspace.id, {})) csv += chunk;
    const lines = csv.trim().split("\n");
    expect(lines[0]).toMatch(/^id,created_at,actor_type/);
    expect(lines).toHaveLength(4);
    expect(csv).not.toContain("s3cret");
    expect(csv).toContain("[redacted]");
    expect(csvCell("=HYPERLINK(1)")).toBe(`"'=HYPERLINK(1)"`);
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("plain")).toBe("plain");
  });
});
