import Link from "next/link";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { Badge } from "@/components/ui/badge";
import { requirePortal } from "@/lib/portal";
import { LogoutButton } from "./_components/logout-button";

const NAV = [
  ["/portal", "Endpoints"],
  ["/portal/messages", "Messages"],
  ["/portal/event-types", "Event types"],
] as const;

// Accent colours are validated as #rrggbb when saved, so they can be written into CSS as they are.
function accentStyle(light: string | null, dark: string | null): string | null {
  if (!light && !dark) return null;
  const rule = (color: string) => `--primary: ${color}; --ring: ${color}; --primary-foreground: #ffffff;`;
  return [light ? `:root { ${rule(light)} }` : "", dark ?? light ? `.dark { ${rule((dark ?? light)!)} }` : ""].join("\n");
}

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const { session } = await requirePortal();
  const { branding } = session;
  const style = accentStyle(branding.accentColor, branding.accentColorDark);
  return (
    <>
      {style ? <style>{style}</style> : null}
      <header className="border-b bg-card">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <div className="flex items-center gap-2">
            {branding.logoUrl ? (
              // A logo from the workspace's own site: its size is unknown, so next/image's sizing does not apply.
              // eslint-disable-next-line @next/next/no-img-element
              <img src={branding.logoUrl} alt="" className="h-7 w-auto max-w-32 object-contain" />
            ) : null}
            <span className="font-semibold" data-testid="portal-brand">{branding.displayName}</span>
            <span className="text-sm text-muted-foreground">· Webhooks for {session.applicationName}</span>
            {session.readOnly ? <Badge variant="outline" data-testid="portal-read-only">Read-only</Badge> : null}
          </div>
          <nav className="flex flex-1 gap-4 text-sm" aria-label="Portal">
            {NAV.map(([href, label]) => (
              <Link key={href} href={href} className="text-muted-foreground hover:text-foreground">{label}</Link>
            ))}
          </nav>
          <div className="flex items-center gap-2">
            <ThemeToggle />
            <LogoutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-5xl space-y-6 px-4 py-6">{children}</main>
    </>
  );
}
