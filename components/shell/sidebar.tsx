"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import {
  ActivityIcon,
  FileCodeIcon,
  FlaskConicalIcon,
  HistoryIcon,
  InboxIcon,
  KeyRoundIcon,
  LayoutDashboardIcon,
  MessagesSquareIcon,
  PuzzleIcon,
  SendIcon,
  SettingsIcon,
  ShapesIcon,
  type LucideIcon,
} from "lucide-react";

import { cn } from "@/lib/utils";

export type NavItem = {
  /** The path segment under `/<workspace>`; empty for the workspace overview. */
  segment: string;
  label: string;
  icon: LucideIcon;
};

export const NAV_ITEMS: readonly NavItem[] = [
  { segment: "", label: "Overview", icon: LayoutDashboardIcon },
  { segment: "endpoints", label: "Endpoints", icon: SendIcon },
  { segment: "event-types", label: "Event types", icon: ShapesIcon },
  { segment: "sources", label: "Sources", icon: InboxIcon },
  { segment: "messages", label: "Messages", icon: MessagesSquareIcon },
  { segment: "keys", label: "API keys", icon: KeyRoundIcon },
  { segment: "templates", label: "Templates", icon: FileCodeIcon },
  { segment: "integrations", label: "Integrations", icon: PuzzleIcon },
  { segment: "monitoring", label: "Monitoring", icon: ActivityIcon },
  { segment: "testing", label: "Testing", icon: FlaskConicalIcon },
  { segment: "audit", label: "Audit log", icon: HistoryIcon },
  { segment: "settings", label: "Settings", icon: SettingsIcon },
];

export function navHref(workspaceSlug: string, segment: string): string {
  return segment ? `/${workspaceSlug}/${segment}` : `/${workspaceSlug}`;
}

/**
 * Whether a nav item is the current section. The overview matches only its exact
 * path; every other item also matches its sub-pages (e.g. an endpoint's detail).
 */
export function isNavItemActive(pathname: string, workspaceSlug: string, segment: string): boolean {
  const href = navHref(workspaceSlug, segment);
  if (!segment) return pathname === href;
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function Sidebar({ workspaceSlug }: { workspaceSlug: string }) {
  const pathname = usePathname() ?? "";

  return (
    <nav aria-label="Workspace" className="flex flex-col gap-0.5">
      {NAV_ITEMS.map(({ segment, label, icon: Icon }) => {
        const active = isNavItemActive(pathname, workspaceSlug, segment);
        return (
          <Link
            key={label}
            href={navHref(workspaceSlug, segment)}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex h-8 items-center gap-2.5 rounded-md px-2.5 text-sm text-sidebar-foreground/70 transition-colors outline-none",
              "hover:bg-sidebar-accent hover:text-sidebar-accent-foreground focus-visible:ring-2 focus-visible:ring-sidebar-ring",
              active && "bg-sidebar-accent font-medium text-sidebar-accent-foreground",
            )}
          >
            <Icon className="size-4 shrink-0" aria-hidden />
            <span className="truncate">{label}</span>
          </Link>
        );
      })}
    </nav>
  );
}
