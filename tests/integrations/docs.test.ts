// docs/integrations/<id>.md are the one documentation template's output (scripts/integration-docs.ts writes them),
// and every integration has one, with each section the template promises.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ADAPTERS, docsMarkdown, integrationDocs } from "@/lib/integrations";

describe.each(ADAPTERS.map((adapter) => ({ adapter, id: adapter.id })))("docs/integrations/$id.md", ({ adapter }) => {
  it("is what the template renders (run npx tsx scripts/integration-docs.ts after changing an adapter's docs)", () => {
    const file = readFileSync(path.resolve(import.meta.dirname, `../../docs/integrations/${adapter.id}.md`), "utf8");
    expect(file).toBe(docsMarkdown(integrationDocs(adapter)));
  });

  it("has setup steps, scopes, configuration, a sample per event type and troubleshooting", () => {
    const page = integrationDocs(adapter, { appUrl: "https://hooks.example.com", samples: [{ eventType: "order.created", payload: { id: 1 } }] });
    expect(page.sections.map((s) => s.title)).toEqual(["Setup", expect.any(String), "Configuration", "Sample payloads", "Troubleshooting"]);
    const setup = page.sections[0];
    expect(setup.kind === "steps" && setup.items.join(" ")).not.toContain("{APP_URL}");
    const samples = page.sections[3];
    expect(samples.kind === "samples" && samples.samples.map((s) => s.eventType)).toEqual(["order.created"]);
  });
});
