/** A compact "field: before → after" view of an audit row's change. */
export function ChangeSummary({ before, after }: { before: unknown; after: unknown }) {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (keys.length === 0) return <span className="text-muted-foreground">—</span>;
  const show = (v: unknown) => (v === undefined ? "∅" : typeof v === "string" ? v : JSON.stringify(v));
  return (
    <ul className="space-y-0.5 text-xs">
      {keys.slice(0, 4).map((k) => (
        <li key={k} className="max-w-80 truncate">
          <span className="text-muted-foreground">{k}:</span>{" "}
          {k in b && k in a ? `${show(b[k])} → ${show(a[k])}` : show(k in a ? a[k] : b[k])}
        </li>
      ))}
      {keys.length > 4 ? <li className="text-muted-foreground">+{keys.length - 4} more</li> : null}
    </ul>
  );
}
