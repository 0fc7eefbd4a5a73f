import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { AppShell } from "@/components/shell/app-shell";
import { requireWorkspace } from "@/lib/auth/session";
import { detailExists } from "@/lib/api/detail-exists";
import { PATHNAME_HEADER } from "@/lib/api/request-path";
import { env } from "@/lib/platform/env";
import { listUserWorkspaces } from "@/lib/workspaces/service";
import { signOutAction } from "../actions";

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { user, role, ctx } = await requireWorkspace(slug);
  const pathname = (await headers()).get(PATHNAME_HEADER);
  const [workspaces, exists] = await Promise.all([listUserWorkspaces(user.id), pathname ? detailExists(pathname, slug, ctx) : true]);
  // Here, before the pages' loading skeletons start the stream, an unknown id can still answer 404 rather than 200.
  if (!exists) notFound();
  return (
    <AppShell workspaceSlug={slug} workspaces={workspaces} role={role} user={user} signOutAction={signOutAction} modeBadge={env().mode}>
      {children}
    </AppShell>
  );
}
