import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { exportQuerySchema } from "@/lib/retention/exports";

type Operation = Omit<RouteConfig, "responses"> & { responses: RouteConfig["responses"] };

const { format, from, to } = exportQuerySchema.shape;
const query = z.object({
  format: format.openapi({ description: "`csv` (a header line, then a row per entry; cells starting with = + - @ are prefixed with ' so spreadsheets do not run them) or `json` (one array)." }),
  from: from.openapi({ description: "The range's start (inclusive), an ISO 8601 time." }),
  to: to.openapi({ description: "The range's end, an ISO 8601 time." }),
});

const download = (description: string) => ({
  description,
  headers: { "Content-Disposition": { description: "attachment; filename=\"<what>-<from>-<to>.<format>\"", required: true, schema: { type: "string" } } } as const,
  content: { "text/csv": { schema: z.string() }, "application/json": { schema: z.array(z.record(z.string(), z.unknown())) } },
});

/** Registers the compliance exports; `op` is lib/api/openapi.ts's registerOperation bound to its registry. */
export function registerExportOperations(op: (operation: Operation, workspaceLevel: boolean) => void) {
  op({
    method: "get",
    path: "/audit-log/export",
    summary: "Export the audit log",
    description: "Every entry in the range (`to` inclusive), newest first, streamed as CSV or JSON with the fields of `GET /audit-log`. Needs `audit:read`.",
    tags: ["Audit"],
    request: { query },
    responses: { 200: download("The entries, streamed.") },
  }, true);
  op({
    method: "get",
    path: "/attempts/export",
    summary: "Export attempt metadata",
    description: "Every delivery attempt in the range (`to` exclusive), newest first, streamed as CSV or JSON: ids, URL, outcome, status, duration, error class, the request body's SHA-256 and when its bodies were purged; never headers or bodies. A key limited to one application gets its endpoints' attempts. Needs `messages:read`.",
    tags: ["Messages"],
    request: { query },
    responses: { 200: download("The attempts, streamed.") },
  }, false);
}
