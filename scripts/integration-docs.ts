// Writes docs/integrations/<id>.md for every integration from the one documentation template (lib/integrations/docs.ts).
// tests/integrations/docs.test.ts fails when a file is not what this writes.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { ADAPTERS, docsMarkdown, integrationDocs } from "@/lib/integrations";

for (const adapter of ADAPTERS) {
  const file = path.resolve(import.meta.dirname, `../docs/integrations/${adapter.id}.md`);
  writeFileSync(file, docsMarkdown(integrationDocs(adapter)));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
