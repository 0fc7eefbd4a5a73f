import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { requireWorkspace } from "@/lib/auth/session";
import { env } from "@/lib/env";

type Operation = {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string }>;
};

const METHOD_COLORS: Record<string, "success" | "warning" | "destructive" | "secondary"> = { get: "success", post: "warning", patch: "warning", put: "warning", delete: "destructive" };

export default async function ApiReferencePage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  await requireWorkspace(slug);
  const document = buildOpenApiDocument(`${env().APP_URL}/api/v1`);
  const paths = Object.entries(document.paths ?? {}) as [string, Record<string, Operation>][];
  return (
    <div className="space-y-6">
      <PageHeader
        title="API reference"
        description={document.info.description}
        actions={<Link className="text-sm underline" href="/api/v1/openapi.json">openapi.json</Link>}
      />
      <p className="text-sm text-muted-foreground">
        Base URL <code className="rounded bg-muted px-1">{document.servers?.[0]?.url}</code>. Errors are <code className="rounded bg-muted px-1">{`{"error":{"code","message"}}`}</code>.
      </p>
      {paths.flatMap(([path, operations]) =>
        Object.entries(operations).map(([method, op]) => (
          <Card key={`${method} ${path}`} id={`${method}-${path}`}>
            <CardHeader>
              <CardTitle className="flex items-center gap-2 font-mono text-base">
                <Badge variant={METHOD_COLORS[method] ?? "secondary"} className="uppercase">{method}</Badge> /api/v1{path}
              </CardTitle>
              <CardDescription>{op.summary}{op.description ? ` — ${op.description}` : ""}</CardDescription>
            </CardHeader>
            <CardContent className="space-y-3 text-sm">
              {op.parameters?.length ? (
                <div>
                  <h4 className="mb-1 font-medium">Parameters</h4>
                  <ul className="space-y-1">
                    {op.parameters.map((p) => (
                      <li key={`${p.in}-${p.name}`}>
                        <code>{p.name}</code> <span className="text-muted-foreground">({p.in}{p.required ? ", required" : ""})</span>
                        {p.description ? <span className="text-muted-foreground"> — {p.description}</span> : null}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {op.requestBody ? (
                <details>
                  <summary className="cursor-pointer font-medium">Request body</summary>
                  <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-muted p-3 text-xs">{JSON.stringify(op.requestBody.content["application/json"]?.schema, null, 2)}</pre>
                </details>
              ) : null}
              <div>
                <h4 className="mb-1 font-medium">Responses</h4>
                <ul className="space-y-1">
                  {Object.entries(op.responses).map(([code, r]) => (
                    <li key={code}><Badge variant="outline" className="mr-2 font-mono">{code}</Badge>{r.description}</li>
                  ))}
                </ul>
              </div>
            </CardContent>
          </Card>
        )),
      )}
    </div>
  );
}
