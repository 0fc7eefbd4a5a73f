import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { AppError } from "@/lib/api/errors";
import type { RequestContext } from "@/lib/api/request-context";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { getEventType, listEventTypes } from "@/lib/outbound/event-types";
import { builtInTemplates } from "@/lib/payloads/library";
import { TARGET_CONTENT_TYPES, TARGET_LABELS } from "@/lib/payloads/targets";
import { getTemplate, listTemplateVersions } from "@/lib/payloads/templates";
import { type SampleChoice, TemplateEditor } from "../_components/template-editor";

async function findTemplate(id: string, ctx: RequestContext) {
  try {
    return await getTemplate({ id }, ctx);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

// The editor offers the catalog's samples (each version's) first; the built-ins' samples let a workspace without a
// catalog preview too. Catalogs past this many types offer their first ones only.
const MAX_SAMPLE_TYPES = 50;

async function sampleChoices(ctx: RequestContext): Promise<SampleChoice[]> {
  const types = (await listEventTypes({}, ctx)).slice(0, MAX_SAMPLE_TYPES);
  const withVersions = await Promise.all(types.map((t) => getEventType({ idOrName: t.id }, ctx)));
  const catalog = withVersions.flatMap((t) =>
    [...t.versions].reverse().filter((v) => v.samplePayload != null).map((v) => ({ label: `${t.name} · v${v.version} sample`, eventType: t.name, payload: JSON.stringify(v.samplePayload, null, 2) })),
  );
  const builtIn = builtInTemplates.map((b) => ({ label: `${b.sampleEvent.type} · example`, eventType: b.sampleEvent.type, payload: JSON.stringify(b.sampleEvent.data, null, 2) }));
  return [...catalog, ...builtIn];
}

export default async function TemplatePage({ params }: { params: Promise<{ workspace: string; id: string }> }) {
  const { workspace: slug, id } = await params;
  const { role, ctx } = await requireWorkspace(slug, "templates:read");
  const template = await findTemplate(decodeURIComponent(id), ctx);
  const [versions, samples] = await Promise.all([listTemplateVersions({ id: template.id }, ctx), sampleChoices(ctx)]);

  return (
    <div className="space-y-6">
      <Link href={`/${slug}/templates`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden /> Templates
      </Link>
      <PageHeader
        title={template.name}
        description={template.description || "Edit the draft, preview it against a sample, publish it as a version."}
        actions={
          <div className="flex items-center gap-2">
            <Badge variant="secondary">{TARGET_LABELS[template.target]}</Badge>
            <Badge variant="outline" className="font-mono">{TARGET_CONTENT_TYPES[template.target]}</Badge>
            <Badge variant={template.latestVersion ? "default" : "outline"}>{template.latestVersion ? `Latest v${template.latestVersion}` : "Not published"}</Badge>
          </div>
        }
      />
      <TemplateEditor workspace={slug} template={template} versions={versions} samples={samples} canWrite={can(role, "templates:write")} />
    </div>
  );
}
