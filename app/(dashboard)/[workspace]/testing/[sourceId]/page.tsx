import Link from "next/link";
import { notFound } from "next/navigation";
import { isId } from "@/lib/platform/id-types";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/time";
import { AppError } from "@/lib/api/errors";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { listEndpoints } from "@/lib/outbound/endpoints";
import { PROVIDER_LABELS } from "@/lib/inbound/presets";
import { getInboundRequest, listInboundRequests, tunnelResponsesFor } from "@/lib/inbound/requests";
import type { InboundRequestView, TunnelResponseView } from "@/lib/inbound/schemas";
import { getSource } from "@/lib/inbound/sources";
import { CopyableValue } from "@/components/secret-reveal";
import { LiveInspector, type InspectedRequest } from "../_components/live-inspector";

/** Bodies above this are shortened in the page; the stored body stays whole. */
const PAGE_BODY_LIMIT = 256 * 1024;

function inspected(request: InboundRequestView, responses: TunnelResponseView[]): InspectedRequest {
  const cut = request.body !== null && request.body.length > (PAGE_BODY_LIMIT * 4) / 3;
  return {
    ...request,
    body: cut ? request.body!.slice(0, Math.floor((PAGE_BODY_LIMIT * 4) / 3 / 4) * 4) : request.body,
    bodyCut: cut,
    lastDuplicateAt: request.lastDuplicateAt?.toISOString() ?? null,
    createdAt: request.createdAt.toISOString(),
    responses: responses.filter((r) => r.requestId === request.id).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
}

export default async function InspectorPage({ params, searchParams }: { params: Promise<{ workspace: string; sourceId: string }>; searchParams: Promise<{ request?: string }> }) {
  const { workspace: slug, sourceId } = await params;
  const { request: selected } = await searchParams;
  const { role, ctx } = await requireWorkspace(slug, "sources:read");
  const source = await getSource({ id: sourceId }, ctx).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const [page, endpoints] = await Promise.all([listInboundRequests({ sourceId: source.id, limit: 30 }, ctx), listEndpoints({ limit: 250 }, ctx)]);
  const requests = [...page.data];
  if (isId("req", selected) && !requests.some((r) => r.id === selected)) {
    const extra = await getInboundRequest({ id: selected }, ctx).catch(() => null);
    if (extra && extra.sourceId === source.id) requests.push(extra);
  }
  const responses = await tunnelResponsesFor(requests.map((r) => r.id), ctx);

  return (
    <div className="space-y-6">
      <PageHeader
        title={<>Inspector: {source.name}</>}
        description={
          <>
            {source.temporary ? <>A request bin; it stops accepting requests {source.expiresAt ? <Time value={source.expiresAt} /> : "never"}. </> : null}
            Verification: <Badge variant="secondary">{PROVIDER_LABELS[source.provider]}</Badge>
          </>
        }
        actions={
          source.temporary ? null : (
            <Button asChild variant="outline"><Link href={`/${slug}/sources/${source.id}`}>Source settings</Link></Button>
          )
        }
      />
      <CopyableValue value={source.url} copyLabel="Copy URL" testId="inspector-url" />
      <LiveInspector
        workspace={slug}
        streamUrl={`/${slug}/testing/${source.id}/stream`}
        initial={requests.sort((a, b) => b.seq - a.seq).map((r) => inspected(r, responses))}
        selected={selected}
        endpoints={endpoints.data.map((e) => ({ id: e.id, url: e.url }))}
        canWrite={can(role, "sources:write")}
      />
    </div>
  );
}
