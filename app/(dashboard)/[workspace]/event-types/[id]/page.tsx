import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JsonBlock } from "@/components/outbound/json-block";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { AppError } from "@/lib/api/errors";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { getEventType } from "@/lib/outbound/event-types";
import type { RequestContext } from "@/lib/api/request-context";
import { TypeDetailsForm, TypeFlagControls } from "../_components/type-controls";
import { VersionForm } from "../_components/version-form";

async function findType(id: string, ctx: RequestContext) {
  try {
    return await getEventType({ idOrName: id }, ctx);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

const pretty = (value: unknown) => (value == null ? "" : JSON.stringify(value, null, 2));

export default async function EventTypePage({ params }: { params: Promise<{ workspace: string; id: string }> }) {
  const { workspace: slug, id } = await params;
  const { role, ctx } = await requireWorkspace(slug, "event_types:read");
  const type = await findType(decodeURIComponent(id), ctx);
  const canWrite = can(role, "event_types:write");
  const latest = type.versions.at(-1);
  const newestFirst = [...type.versions].reverse();

  return (
    <div className="space-y-6">
      <Link href={`/${slug}/event-types`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden /> Event types
      </Link>
      <PageHeader
        title={<span className="font-mono">{type.name}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {type.archived ? <Badge variant="outline">Archived</Badge> : type.deprecated ? <Badge variant="warning">Deprecated</Badge> : <Badge variant="success">Active</Badge>}
            <span>{type.featureGroup ? `${type.featureGroup} · ` : ""}{type.description || "No description"}</span>
          </span>
        }
        actions={canWrite ? <TypeFlagControls workspace={slug} id={type.id} deprecated={type.deprecated} archived={type.archived} /> : undefined}
      />
      {type.archived ? (
        <Alert variant="warning">
          <AlertDescription>Archived: sending a message of this type is refused with 422. Unarchive it to accept messages again.</AlertDescription>
        </Alert>
      ) : type.deprecated ? (
        <Alert variant="info">
          <AlertDescription>Deprecated: messages are still accepted, but the catalog marks the type so consumers move off it.</AlertDescription>
        </Alert>
      ) : null}

      {canWrite ? (
        <Card>
          <CardHeader><CardTitle>Details</CardTitle></CardHeader>
          <CardContent>
            <TypeDetailsForm workspace={slug} id={type.id} description={type.description} featureGroup={type.featureGroup} />
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Versions</CardTitle>
          <CardDescription>Immutable. Messages use the latest unless they name one; an endpoint can pin a version.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          {newestFirst.map((version) => (
            <details key={version.id} open={version === latest} className="group rounded-md border" data-testid="event-type-version">
              <summary className="flex cursor-pointer items-center gap-2 px-3 py-2 text-sm">
                <span className="font-medium">v{version.version}</span>
                {version === latest ? <Badge variant="secondary">Latest</Badge> : null}
                <Time value={version.createdAt} className="text-muted-foreground" />
              </summary>
              <div className="grid gap-4 border-t p-3 lg:grid-cols-2">
                <div className="min-w-0 space-y-1.5">
                  <p className="text-xs font-medium text-muted-foreground">Schema</p>
                  {version.schema ? <JsonBlock value={version.schema} /> : <p className="text-sm text-muted-foreground">None: any JSON is accepted.</p>}
                </div>
                <div className="min-w-0 space-y-1.5">
                  <p className="text-xs font-medium text-muted-foreground">Sample payload</p>
                  {version.samplePayload != null ? <JsonBlock value={version.samplePayload} /> : <p className="text-sm text-muted-foreground">None.</p>}
                </div>
              </div>
            </details>
          ))}
        </CardContent>
      </Card>

      {canWrite ? (
        <Card>
          <CardHeader>
            <CardTitle>Add a version</CardTitle>
            <CardDescription>Starts from v{latest?.version ?? 1}. A sample that does not match the schema is refused.</CardDescription>
          </CardHeader>
          <CardContent>
            <VersionForm workspace={slug} eventTypeId={type.id} schema={pretty(latest?.schema)} sample={pretty(latest?.samplePayload)} />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
