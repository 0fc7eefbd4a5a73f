import type { Adapter, SamplePayload } from "./adapter";

/**
 * The one documentation template: every integration's docs page (in the app) and docs/integrations/<id>.md are
 * rendered from these sections, so they cannot drift apart (tests/integrations/docs.test.ts checks the files).
 */

export type DocsSection =
  | { kind: "steps"; title: string; items: string[] }
  | { kind: "table"; title: string; columns: string[]; rows: string[][] }
  | { kind: "samples"; title: string; samples: SamplePayload[] }
  | { kind: "faq"; title: string; items: { problem: string; fix: string }[] };

export interface DocsPage {
  title: string;
  summary: string;
  sections: DocsSection[];
}

/** `appUrl` fills the {APP_URL} placeholders (the repository's copy keeps them); `samples` are the workspace's events. */
export function integrationDocs(adapter: Adapter, options: { appUrl?: string; samples?: { eventType: string; payload: unknown }[] } = {}): DocsPage {
  const fill = (text: string) => (options.appUrl ? text.replaceAll("{APP_URL}", options.appUrl) : text);
  const { docs } = adapter;
  return {
    title: adapter.name,
    summary: docs.summary,
    sections: [
      { kind: "steps", title: "Setup", items: docs.setup.map(fill) },
      { kind: "table", title: adapter.connect.type === "oauth" ? "Scopes" : "Permissions", columns: ["Scope", "Why"], rows: docs.scopes.map((s) => [s.name, s.why]) },
      { kind: "table", title: "Configuration", columns: ["Variable", "Purpose", "Default"], rows: docs.configuration.map((c) => [c.variable, c.purpose, c.default ?? ""]) },
      { kind: "samples", title: "Sample payloads", samples: adapter.samplePayloads(options.samples?.length ? options.samples : undefined) },
      { kind: "faq", title: "Troubleshooting", items: docs.troubleshooting },
    ],
  };
}

const cell = (text: string) => text.replaceAll("|", "\\|");

export function docsMarkdown(page: DocsPage): string {
  const out = [`<!-- Generated from lib/integrations (docs.ts and the adapter's docs): npx tsx scripts/integration-docs.ts -->`, `# ${page.title}`, "", page.summary, ""];
  for (const section of page.sections) {
    out.push(`## ${section.title}`, "");
    switch (section.kind) {
      case "steps":
        section.items.forEach((item, i) => out.push(`${i + 1}. ${item}`));
        break;
      case "table":
        // The first column names a scope or variable: code.
        out.push(`| ${section.columns.join(" | ")} |`, `|${section.columns.map(() => "---").join("|")}|`, ...section.rows.map(([name, ...rest]) => `| \`${name}\` | ${rest.map(cell).join(" | ")} |`));
        break;
      case "samples":
        for (const sample of section.samples) {
          out.push(`### \`${sample.eventType}\``, "", "The event's payload:", "", "```json", JSON.stringify(sample.payload, null, 2), "```", "", "What is delivered:", "", "```json", JSON.stringify(sample.delivered, null, 2), "```", "");
        }
        out.pop();
        break;
      case "faq":
        for (const item of section.items) out.push(`- **${item.problem}.** ${item.fix}`);
        break;
    }
    out.push("");
  }
  return out.join("\n");
}
