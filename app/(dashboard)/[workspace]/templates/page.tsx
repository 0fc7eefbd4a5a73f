import { FileCode2 } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { DataTable } from "@/components/list-page/data-table";
import { IgnoredCursorNotice, KeysetPager } from "@/components/list-page/keyset-pager";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { pageCursor } from "@/lib/api/pagination";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { builtInTemplates } from "@/lib/payloads/library";
import { TARGET_LABELS, type TemplateTarget } from "@/lib/payloads/targets";
import { listTemplates } from "@/lib/payloads/templates";
import { NewTemplateDialog, UseBuiltInButton } from "./_components/new-template";

export default async function TemplatesPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ cursor?: string }> }) {
  const { workspace: slug } = await params;
  const { role, ctx } = await requireWorkspace(slug, "templates:read");
  const { cursor, ignored } = pageCursor((await searchParams).cursor);
  const { data: templates, nextCursor } = await listTemplates({ cursor, limit: 50 }, ctx);
  const canWrite = can(role, "templates:write");
  const newButton = canWrite ? <NewTemplateDialog workspace={slug} /> : undefined;

  return (
    <div className="space-y-8">
      <PageHeader
        title="Templates"
        description="Liquid templates shape a delivery's body for its receiver: Slack, Discord, Teams, Zapier or your own JSON. Publish a version, then pin it on an endpoint or follow the latest."
        actions={newButton}
      />
      <section className="space-y-3" aria-labelledby="workspace-templates">
        <h2 id="workspace-templates" className="text-sm font-semibold">Your templates</h2>
        <IgnoredCursorNotice ignored={ignored} />
        <DataTable
          rows={templates}
          rowKey={(t) => t.id}
          rowProps={() => ({ "data-testid": "template-row" })}
          empty={
            <EmptyState
              icon={FileCode2}
              title={cursor ? "No more templates" : "No templates yet"}
              description="Start from a built-in below or from scratch. A template is a draft until you publish it; endpoints use published versions."
              action={cursor ? undefined : newButton}
            />
          }
          columns={[
            {
              header: "Template",
              cell: (t) => (
                <>
                  <Link href={`/${slug}/templates/${t.id}`} className="font-medium hover:underline">{t.name}</Link>
                  <div className="max-w-md truncate text-xs text-muted-foreground">{t.description || t.id}</div>
                </>
              ),
            },
            { header: "Target", label: "Target", cell: (t) => <Badge variant="secondary">{TARGET_LABELS[t.target]}</Badge> },
            { header: "Latest version", label: "Latest version", cell: (t) => (t.latestVersion ? `v${t.latestVersion}` : <span className="text-muted-foreground">Draft only</span>) },
            { header: "Updated", label: "Updated", className: "whitespace-nowrap text-muted-foreground", cell: (t) => <Time value={t.updatedAt} format="date" /> },
          ]}
        />
        <KeysetPager path={`/${slug}/templates`} filters={{}} cursor={cursor} nextCursor={nextCursor} />
      </section>
      <section className="space-y-3" aria-labelledby="built-in-templates">
        <div>
          <h2 id="built-in-templates" className="text-sm font-semibold">Built-in library</h2>
          <p className="text-sm text-muted-foreground">Ready-made templates, each with a sample. Use one to make an editable copy in this workspace.</p>
        </div>
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
          {builtInTemplates.map((t) => (
            <Card key={t.id} data-testid="built-in-template">
              <CardHeader>
                <CardTitle className="flex items-center justify-between gap-2 text-base">
                  {t.name}
                  <Badge variant="outline">{TARGET_LABELS[t.target as TemplateTarget]}</Badge>
                </CardTitle>
                <CardDescription>{t.description}</CardDescription>
              </CardHeader>
              <CardContent className="flex items-center justify-between gap-2">
                <code className="text-xs text-muted-foreground">{t.contentType}</code>
                {canWrite ? <UseBuiltInButton workspace={slug} builtIn={t.id} name={t.name} /> : null}
              </CardContent>
            </Card>
          ))}
        </div>
      </section>
    </div>
  );
}
