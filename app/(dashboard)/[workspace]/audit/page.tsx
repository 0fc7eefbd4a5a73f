import { Download, ScrollText } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { KeysetPager } from "@/components/keyset-pager";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { auditFiltersSchema, queryAuditLog } from "@/lib/audit/query";
import { requireWorkspace } from "@/lib/auth/session";
import { ChangeSummary } from "./_components/change-summary";

type Search = Record<string, string | undefined>;

export default async function AuditPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Search> }) {
  const { workspace: slug } = await params;
  const { workspace } = await requireWorkspace(slug, "audit:read");
  const search = await searchParams;
  const parsed = auditFiltersSchema.safeParse(Object.fromEntries(Object.entries(search).filter(([, v]) => v)));
  const filters = parsed.success ? parsed.data : {};
  const { rows, nextCursor } = await queryAuditLog(workspace.id, filters);
  const query = new URLSearchParams(Object.entries(search).filter(([k, v]) => v && k !== "cursor") as [string, string][]);
  const filtered = [...query.keys()].length > 0;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit log"
        description="Every change in this workspace: who, what, when and from where."
        actions={
          <Button asChild variant="outline">
            <a href={`/${slug}/audit/export?${query}`} download>
              <Download aria-hidden /> Export CSV
            </a>
          </Button>
        }
      />
      <form className="grid grid-cols-2 gap-3 rounded-lg border bg-card p-4 md:grid-cols-6" method="get">
        {[
          ["actor", "Actor", "email or key name"],
          ["action", "Action", "e.g. member"],
          ["target", "Target", "type or id"],
        ].map(([name, label, placeholder]) => (
          <div key={name} className="space-y-1">
            <Label htmlFor={`f-${name}`}>{label}</Label>
            <Input id={`f-${name}`} name={name} placeholder={placeholder} defaultValue={search[name]} />
          </div>
        ))}
        <div className="space-y-1">
          <Label htmlFor="f-from">From</Label>
          <Input id="f-from" name="from" type="datetime-local" defaultValue={search.from} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-to">To</Label>
          <Input id="f-to" name="to" type="datetime-local" defaultValue={search.to} />
        </div>
        <div className="flex items-end gap-2">
          <Button type="submit">Filter</Button>
          {filtered ? (
            <Button asChild variant="ghost">
              <Link href={`/${slug}/audit`}>Clear</Link>
            </Button>
          ) : null}
        </div>
      </form>
      {!parsed.success ? (
        <Alert variant="destructive">
          <AlertDescription>Some filters were invalid and were ignored: {parsed.error.issues.map((i) => i.path.join(".")).join(", ")}.</AlertDescription>
        </Alert>
      ) : null}
      {rows.length === 0 ? (
        <EmptyState icon={ScrollText} title={filtered ? "No matching entries" : "No entries yet"} description={filtered ? "Try wider filters." : "Changes to this workspace will appear here."} />
      ) : (
        <div className="rounded-lg border bg-card">
          <Table stack>
            <TableHeader>
              <TableRow>
                <TableHead>When</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Target</TableHead>
                <TableHead>Change</TableHead>
                <TableHead>IP</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.id} data-testid="audit-row">
                  <TableCell className="whitespace-nowrap text-muted-foreground"><Time value={row.createdAt} /></TableCell>
                  <TableCell className="max-w-48">
                    <div className="truncate" title={row.actorLabel}>{row.actorLabel}</div>
                    <div className="text-xs text-muted-foreground">{row.actorType.replace("_", " ")}</div>
                  </TableCell>
                  <TableCell><Badge variant="outline" className="font-mono">{row.action}</Badge></TableCell>
                  <TableCell className="max-w-44 font-mono text-xs whitespace-normal break-all">{row.targetType}{row.targetId ? ` ${row.targetId}` : ""}</TableCell>
                  <TableCell><ChangeSummary before={row.before} after={row.after} /></TableCell>
                  <TableCell className="text-xs text-muted-foreground"><span className="md:hidden">IP </span>{row.ip ?? "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <KeysetPager
        newestHref={search.cursor ? `/${slug}/audit${query.size ? `?${query}` : ""}` : null}
        olderHref={nextCursor ? `/${slug}/audit?${new URLSearchParams({ ...Object.fromEntries(query), cursor: nextCursor })}` : null}
      />
    </div>
  );
}
