import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { requireWorkspace } from "@/lib/auth/session";
import { ApiReference } from "./_components/api-reference";

export default async function ApiReferencePage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  await requireWorkspace(slug);
  return (
    <div className="space-y-6">
      <PageHeader
        title="API reference"
        description={
          <>
            Every endpoint of the public API, by resource, with request and response examples. To try one, paste an API key
            from the <Link className="underline" href={`/${slug}/keys`}>keys page</Link> under Authentication and send a test request.
          </>
        }
        actions={<Link className="text-sm underline" href="/api/v1/openapi.json">openapi.json</Link>}
      />
      <ApiReference />
    </div>
  );
}
