import { Inbox } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { DataTable } from "@/components/list-page/data-table";
import { IgnoredCursorNotice, KeysetPager } from "@/components/list-page/keyset-pager";
import { CopyButton } from "@/components/outbound/copy-button";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { pageCursor } from "@/lib/api/pagination";
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
      <DataTable
        rows={sources}
        rowKey={(source) => source.id}
        rowProps={() => ({ "data-testid": "source-row" })}
        // An older page that came back empty still shows the table's header, not the first-run text.
        empty={
          cursor ? undefined : (
            <EmptyState
              icon={Inbox}
              title="No sources yet"
              description="Create a source, paste its URL into the provider's webhook settings, and watch requests arrive in the inspector."
              action={canWrite ? <NewSourceDialog workspace={slug} /> : undefined}
            />
          )
        }
        columns={[
          {
            header: "Source",
            cell: (source) => (
              <>
                <Link href={`/${slug}/sources/${source.id}`} className="font-medium hover:underline">{source.name}</Link>
                {source.description ? <div className="text-xs text-muted-foreground">{source.description}</div> : null}
              </>
            ),
          },
          { header: "Verification", cell: (source) => <Badge variant={source.provider === "none" ? "outline" : "secondary"}>{PROVIDER_LABELS[source.provider]}</Badge> },
          {
            header: "URL",
            cell: (source) => (
              <div className="flex max-w-md items-center gap-2">
                <code className="min-w-0 truncate font-mono text-xs text-muted-foreground">{source.url}</code>
                <CopyButton value={source.url} label={`Copy the URL of ${source.name}`} />
              </div>
            ),
          },
          { header: "Created", className: "whitespace-nowrap text-muted-foreground", cell: (source) => <Time value={source.createdAt} /> },
        ]}
      />
      <KeysetPager size="sm" path={`/${slug}/sources`} cursor={cursor} nextCursor={nextCursor} />
    </div>
  );
}
