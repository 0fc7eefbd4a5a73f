import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { Badge } from "@/components/ui/badge";
import { PATHNAME_HEADER } from "@/lib/api/request-path";
import { portalDetailExists, requirePortal } from "@/lib/portal";
import { LogoutButton } from "./_components/logout-button";
import { PortalNav } from "./_components/portal-nav";

/** Text on the accent: near-black on a light colour (a pale dark-mode accent), white otherwise (WCAG relative luminance). */
function foregroundOn(color: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(color.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Where white and black text have equal contrast on this background: (1.05)/(L+0.05) = (L+0.05)/0.05.
  return luminance > 0.179 ? "#0a0a0a" : "#ffffff";
}

// Accent colours are validated as #rrggbb when saved, so they can be written into CSS as they are.
function accentStyle(light: string | null, dark: string | null): string | null {
  if (!light && !dark) return null;
  const rule = (color: string) => `--primary: ${color}; --ring: ${color}; --primary-foreground: ${foregroundOn(color)};`;
  return [light ? `:root { ${rule(light)} }` : "", dark ?? light ? `.dark { ${rule((dark ?? light)!)} }` : ""].join("\n");
}

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const { session, ctx } = await requirePortal();
  // Here, before the pages' loading skeleton starts the stream, another application's id can still answer 404.
  const pathname = (await headers()).get(PATHNAME_HEADER);
  if (pathname && !(await portalDetailExists(pathname, ctx))) notFound();
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
          <PortalNav />
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
