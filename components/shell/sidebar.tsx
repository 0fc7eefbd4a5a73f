"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import {
  ActivityIcon,
  BellRingIcon,
  Building2Icon,
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

import { can, type Permission, type Role } from "@/lib/auth/permissions";
import { cn } from "@/lib/ui/cn";

export type NavItem = {
  /** The path segment under `/<workspace>`; empty for the workspace overview. */
  segment: string;
  label: string;
  icon: LucideIcon;
  /** What the page checks before it opens; the item is shown only to roles that have it. */
  permission?: Permission;
};

export const NAV_ITEMS: readonly NavItem[] = [
  { segment: "", label: "Overview", icon: LayoutDashboardIcon },
  { segment: "applications", label: "Applications", icon: Building2Icon, permission: "applications:read" },
  { segment: "endpoints", label: "Endpoints", icon: SendIcon, permission: "endpoints:read" },
  { segment: "event-types", label: "Event types", icon: ShapesIcon, permission: "event_types:read" },
  { segment: "sources", label: "Sources", icon: InboxIcon, permission: "sources:read" },
  { segment: "messages", label: "Messages", icon: MessagesSquareIcon, permission: "messages:read" },
  { segment: "keys", label: "API keys", icon: KeyRoundIcon, permission: "keys:read" },
  { segment: "templates", label: "Templates", icon: FileCodeIcon, permission: "templates:read" },
  { segment: "integrations", label: "Integrations", icon: PuzzleIcon, permission: "integrations:read" },
  { segment: "monitoring", label: "Monitoring", icon: ActivityIcon, permission: "monitoring:read" },
  { segment: "alerts", label: "Alerts", icon: BellRingIcon, permission: "alerts:read" },
  { segment: "testing", label: "Testing", icon: FlaskConicalIcon, permission: "sources:read" },
  { segment: "audit", label: "Audit log", icon: HistoryIcon, permission: "audit:read" },
  { segment: "settings", label: "Settings", icon: SettingsIcon, permission: "settings:read" },
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

/** The items a role may open: navigation never offers a page that would answer 404. */
export function navItemsFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.permission || can(role, item.permission));
}

export function Sidebar({ workspaceSlug, role }: { workspaceSlug: string; role: Role }) {
  const pathname = usePathname() ?? "";

  return (
    <nav aria-label="Workspace" className="flex flex-col gap-0.5">
      {navItemsFor(role).map(({ segment, label, icon: Icon }) => {
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
