import type { DocsPage } from "@/lib/integrations";

/** An integration's docs page, from the one documentation template (lib/integrations/docs.ts). */
export function DocsView({ page }: { page: DocsPage }) {
  return (
    <article className="max-w-3xl space-y-8 text-sm">
      <p className="text-muted-foreground">{page.summary}</p>
      {page.sections.map((section) => (
        <section key={section.title} className="space-y-3">
          <h2 className="text-base font-semibold">{section.title}</h2>
          {section.kind === "steps" ? (
            <ol className="list-decimal space-y-1 pl-5">{section.items.map((item) => <li key={item}>{item}</li>)}</ol>
          ) : section.kind === "table" ? (
            <table className="w-full border text-left">
              <thead className="bg-muted/50"><tr>{section.columns.map((c) => <th key={c} className="p-2 font-medium">{c}</th>)}</tr></thead>
              <tbody>{section.rows.map(([name, ...rest]) => <tr key={name} className="border-t"><td className="p-2 font-mono text-xs">{name}</td>{rest.map((c, i) => <td key={i} className="p-2 text-muted-foreground">{c}</td>)}</tr>)}</tbody>
            </table>
          ) : section.kind === "samples" ? (
            section.samples.map((sample) => (
              <div key={sample.eventType} className="space-y-2">
                <h3 className="font-mono text-xs font-semibold">{sample.eventType}</h3>
                <div className="grid gap-2 md:grid-cols-2">
                  <pre className="overflow-auto rounded-md bg-muted p-3 text-xs">{JSON.stringify(sample.payload, null, 2)}</pre>
                  <pre className="overflow-auto rounded-md bg-muted p-3 text-xs">{JSON.stringify(sample.delivered, null, 2)}</pre>
                </div>
              </div>
            ))
          ) : (
            <dl className="space-y-2">{section.items.map((item) => <div key={item.problem}><dt className="font-medium">{item.problem}</dt><dd className="text-muted-foreground">{item.fix}</dd></div>)}</dl>
          )}
        </section>
      ))}
    </article>
  );
}
