import * as React from "react";
import Link from "next/link";
import { WebhookIcon } from "lucide-react";

import { Badge } from "@/components/ui/badge";
import { MobileNav } from "@/components/shell/mobile-nav";
import { Sidebar } from "@/components/shell/sidebar";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { ViewerTimeZone } from "@/components/ui/viewer-time-zone";
import { UserMenu, type ShellUser } from "@/components/shell/user-menu";
import { WorkspaceSwitcher, type WorkspaceSummary } from "@/components/shell/workspace-switcher";
import type { Role } from "@/lib/auth/permissions";

export type AppShellProps = {
  workspaceSlug: string;
  workspaces: WorkspaceSummary[];
  /** The user's role here: the sidebar offers only the pages it may open. */
  role: Role;
  user: ShellUser;
  signOutAction: () => Promise<void>;
  /** The runtime mode (e.g. "Embedded"), shown at the foot of the sidebar. */
  modeBadge?: string;
  children: React.ReactNode;
};

function Logo({ workspaceSlug }: { workspaceSlug: string }) {
  return (
    <Link
      href={`/${workspaceSlug}`}
      className="flex items-center gap-2 rounded-md text-sm font-semibold tracking-tight outline-none focus-visible:ring-2 focus-visible:ring-sidebar-ring"
    >
      <span className="flex size-6 items-center justify-center rounded-md bg-primary text-primary-foreground">
        <WebhookIcon className="size-3.5" aria-hidden />
      </span>
      Switchboard
    </Link>
  );
}

function SidebarPanel({
  workspaceSlug,
  workspaces,
  role,
  modeBadge,
}: Pick<AppShellProps, "workspaceSlug" | "workspaces" | "role" | "modeBadge">) {
  return (
    <div className="flex h-full flex-col">
      <div className="flex h-14 shrink-0 items-center border-b border-sidebar-border px-4">
        <Logo workspaceSlug={workspaceSlug} />
      </div>
      <div className="px-3 pt-3 pb-2">
        <WorkspaceSwitcher workspaces={workspaces} currentSlug={workspaceSlug} />
      </div>
      <div className="flex-1 overflow-y-auto px-3 py-2">
        <Sidebar workspaceSlug={workspaceSlug} role={role} />
      </div>
      {modeBadge && (
        <div className="border-t border-sidebar-border px-4 py-3">
          <Badge variant="outline" className="gap-1.5 font-normal text-muted-foreground" title="Runtime mode">
            <span aria-hidden className="size-1.5 rounded-full bg-success" />
            {modeBadge}
          </Badge>
        </div>
      )}
    </div>
  );
}

/**
 * The dashboard frame: a fixed sidebar from the `md` breakpoint up, a slide-over
 * panel below it, a top bar with the account menu, and a centred content column.
 * It only lays things out; the caller loads the user, workspaces and mode.
 */
export function AppShell({ workspaceSlug, workspaces, role, user, signOutAction, modeBadge, children }: AppShellProps) {
  const panel = <SidebarPanel workspaceSlug={workspaceSlug} workspaces={workspaces} role={role} modeBadge={modeBadge} />;

  return (
    <div className="min-h-screen bg-background">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-background focus:px-3 focus:py-2 focus:text-sm focus:shadow"
      >
        Skip to content
      </a>
      <aside className="fixed inset-y-0 left-0 z-30 hidden w-60 border-r border-sidebar-border bg-sidebar text-sidebar-foreground md:block">
        {panel}
      </aside>
      <div className="flex min-h-screen flex-col md:pl-60">
        <header className="sticky top-0 z-20 flex h-14 shrink-0 items-center gap-2 border-b bg-background/80 px-4 backdrop-blur supports-[backdrop-filter]:bg-background/60 md:px-6">
          <MobileNav>{panel}</MobileNav>
          <div className="md:hidden">
            <Logo workspaceSlug={workspaceSlug} />
          </div>
          <div className="ml-auto flex items-center gap-2">
            <ThemeToggle />
            <UserMenu user={user} signOutAction={signOutAction} />
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 md:px-8 md:py-8">
          <ViewerTimeZone>{children}</ViewerTimeZone>
        </main>
      </div>
    </div>
  );
}
