/** A compact "field: before → after" view of an audit row's change. */
export function ChangeSummary({ before, after }: { before: unknown; after: unknown }) {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (keys.length === 0) return <span className="text-muted-foreground">—</span>;
  const show = (v: unknown) => (v === undefined ? "∅" : typeof v === "string" ? v : JSON.stringify(v));
  // Truncated to one line in the table; the title holds the whole change.
  const line = (k: string) => (k in b && k in a ? `${show(b[k])} → ${show(a[k])}` : show(k in a ? a[k] : b[k]));
  return (
    <ul className="space-y-0.5 text-xs">
      {keys.slice(0, 4).map((k) => (
        <li key={k} className="max-w-64 truncate max-md:max-w-[calc(100vw-4rem)]" title={`${k}: ${line(k)}`}>
          <span className="text-muted-foreground">{k}:</span> {line(k)}
        </li>
      ))}
      {keys.length > 4 ? <li className="text-muted-foreground">+{keys.length - 4} more</li> : null}
    </ul>
  );
}
