import { FlaskConical, Radio } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { CopyButton } from "@/components/outbound/copy-button";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { PROVIDER_LABELS } from "@/lib/inbound/presets";
import { listSources } from "@/lib/inbound/sources";
import { CreateBinButton } from "./_components/create-bin-button";


export default async function TestingPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { role, ctx } = await requireWorkspace(slug, "sources:read");
  const [bins, sources] = await Promise.all([listSources({ temporary: true, limit: 50 }, ctx), listSources({ limit: 50 }, ctx)]);
  const live = bins.data;
  const canWrite = can(role, "sources:write");

  return (
    <div className="space-y-6">
      <PageHeader
        title="Testing"
        description="Request bins and the live inspector: see every request as it arrives, with its method, headers, query and body, and replay it anywhere."
        actions={canWrite ? <CreateBinButton workspace={slug} /> : null}
      />
      <Card>
        <CardHeader>
          <CardTitle>Request bins</CardTitle>
          <CardDescription>Temporary URLs that accept anything for 24 hours. Point a provider or curl at one and watch.</CardDescription>
        </CardHeader>
        <CardContent>
          {live.length === 0 ? (
            <EmptyState icon={FlaskConical} title="No request bins" description="A bin is a URL that records whatever is sent to it." action={canWrite ? <CreateBinButton workspace={slug} /> : undefined} />
          ) : (
            <ul className="space-y-2">
              {live.map((bin) => (
                <li key={bin.id} data-testid="bin" className="flex flex-wrap items-center gap-2 rounded-md border p-3">
                  <Link href={`/${slug}/testing/${bin.id}`} className="font-medium hover:underline">{bin.name}</Link>
                  <code className="min-w-0 flex-1 truncate font-mono text-xs text-muted-foreground">{bin.url}</code>
                  <CopyButton value={bin.url} label={`Copy the URL of ${bin.name}`} />
                  <span className="text-xs text-muted-foreground">expires {bin.expiresAt ? <Time value={bin.expiresAt} /> : "never"}</span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Inspect a source</CardTitle>
          <CardDescription>Every source has a live view too, showing verdicts as requests are verified.</CardDescription>
        </CardHeader>
        <CardContent>
          {sources.data.length === 0 ? (
            <p className="text-sm text-muted-foreground">No sources yet. <Link className="underline" href={`/${slug}/sources`}>Create one</Link>.</p>
          ) : (
            <ul className="flex flex-wrap gap-2">
              {sources.data.map((source) => (
                <li key={source.id}>
                  <Button asChild variant="outline" size="sm">
                    <Link href={`/${slug}/testing/${source.id}`}><Radio aria-hidden /> {source.name} <Badge variant="secondary">{PROVIDER_LABELS[source.provider]}</Badge></Link>
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
