import { Inbox } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { IgnoredCursorNotice, KeysetPager } from "@/components/keyset-pager";
import { CopyButton } from "@/components/outbound/copy-button";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { pageCursor } from "@/lib/dashboard/cursor";
import { PROVIDER_LABELS } from "@/lib/inbound/presets";
import { listSources } from "@/lib/inbound/sources";
import { NewSourceDialog } from "./_components/new-source-dialog";

export default async function SourcesPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ cursor?: string }> }) {
  const { workspace: slug } = await params;
  const { cursor, ignored: ignoredCursor } = pageCursor((await searchParams).cursor);
  const { role, ctx } = await requireWorkspace(slug, "sources:read");
  const { data: sources, nextCursor } = await listSources({ cursor, limit: 50 }, ctx);
  const canWrite = can(role, "sources:write");

  return (
    <div className="space-y-6">
      <PageHeader
        title="Sources"
        description="URLs that providers such as Stripe, GitHub and Shopify post to. Each request is verified, stored exactly as received, and routed to your endpoints."
        actions={canWrite ? <NewSourceDialog workspace={slug} /> : null}
      />
      <IgnoredCursorNotice ignored={ignoredCursor} />
      {sources.length === 0 && !cursor ? (
        <EmptyState
          icon={Inbox}
          title="No sources yet"
          description="Create a source, paste its URL into the provider's webhook settings, and watch requests arrive in the inspector."
          action={canWrite ? <NewSourceDialog workspace={slug} /> : undefined}
        />
      ) : (
        <div className="rounded-lg border bg-card">
          <Table stack>
            <TableHeader>
              <TableRow>
                <TableHead>Source</TableHead>
                <TableHead>Verification</TableHead>
                <TableHead>URL</TableHead>
                <TableHead>Created</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {sources.map((source) => (
                <TableRow key={source.id} data-testid="source-row">
                  <TableCell>
                    <Link href={`/${slug}/sources/${source.id}`} className="font-medium hover:underline">{source.name}</Link>
                    {source.description ? <div className="text-xs text-muted-foreground">{source.description}</div> : null}
                  </TableCell>
                  <TableCell><Badge variant={source.provider === "none" ? "outline" : "secondary"}>{PROVIDER_LABELS[source.provider]}</Badge></TableCell>
                  <TableCell>
                    <div className="flex max-w-md items-center gap-2">
                      <code className="min-w-0 truncate font-mono text-xs text-muted-foreground">{source.url}</code>
                      <CopyButton value={source.url} label={`Copy the URL of ${source.name}`} />
                    </div>
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground"><Time value={source.createdAt} /></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <KeysetPager
        size="sm"
        newestHref={cursor ? `/${slug}/sources` : null}
        olderHref={nextCursor ? `/${slug}/sources?${new URLSearchParams({ cursor: nextCursor })}` : null}
      />
    </div>
  );
}
