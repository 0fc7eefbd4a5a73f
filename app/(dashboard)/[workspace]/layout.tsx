import { AppShell } from "@/components/shell/app-shell";
import { requireWorkspace } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { listUserWorkspaces } from "@/lib/workspaces";
import { signOutAction } from "../actions";

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { user, role } = await requireWorkspace(slug);
  const workspaces = await listUserWorkspaces(user.id);
  return (
    <AppShell workspaceSlug={slug} workspaces={workspaces} role={role} user={user} signOutAction={signOutAction} modeBadge={env().mode}>
      {children}
    </AppShell>
  );
}
