// Wraps every /api/v1 route module so that each response it gives a test is checked against the OpenAPI document
// (tests/helpers/contract.ts). A test that receives an undocumented status or a body off its schema fails.
import { readdirSync } from "node:fs";
import path from "node:path";
import { vi } from "vitest";

const root = path.resolve(import.meta.dirname, "../../app/api/v1");
// The document itself, and the catch-all that answers paths the document does not have, are not operations.
const NOT_OPERATIONS = new Set(["openapi.json/route.ts", "[[...path]]/route.ts"]);

for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name !== "route.ts") continue;
  const file = path.join(entry.parentPath, entry.name);
  if (NOT_OPERATIONS.has(path.relative(root, file))) continue;
  // The Svix-compatible routes answer Svix's contract, not our document's: the svix SDK's own models check them
  // (tests/e2e/svix-sdk.e2e.ts).
  if (path.relative(root, file).startsWith(`(svix)${path.sep}`)) continue;
  const route = `/api/v1/${path.relative(root, entry.parentPath).split(path.sep).join("/")}`;
  vi.doMock(file, async (importOriginal) => {
    const { checkedRouteModule } = await import("../helpers/contract");
    return checkedRouteModule(await importOriginal<Record<string, unknown>>(), route);
  });
}
