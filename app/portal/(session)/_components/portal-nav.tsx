"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/ui/cn";

const NAV = [
  { href: "/portal", label: "Endpoints", prefixes: ["/portal/endpoints"] },
  { href: "/portal/messages", label: "Messages", prefixes: ["/portal/messages"] },
  { href: "/portal/event-types", label: "Event types", prefixes: ["/portal/event-types"] },
  { href: "/portal/integrations", label: "Integrations", prefixes: ["/portal/integrations"] },
];

/** The portal's sections; the one the page belongs to (an endpoint's page is under Endpoints) is marked current. */
export function PortalNav() {
  const pathname = usePathname();
  return (
    <nav className="flex flex-1 gap-1 text-sm" aria-label="Portal">
      {NAV.map(({ href, label, prefixes }) => {
        const current = pathname === href || prefixes.some((p) => pathname.startsWith(`${p}/`) || pathname === p);
        return (
          <Link
            key={href}
            href={href}
            aria-current={current ? "page" : undefined}
            className={cn("rounded-md px-2 py-1 text-muted-foreground hover:text-foreground", current && "bg-primary/10 font-medium text-primary")}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
