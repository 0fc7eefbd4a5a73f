import type { Metadata } from "next";

// The consumer portal stands apart from the dashboard: no workspace navigation, no Switchboard account.
export const metadata: Metadata = { title: { default: "Webhooks", template: "%s · Webhooks" }, robots: { index: false } };

export default function PortalRootLayout({ children }: { children: React.ReactNode }) {
  return <div className="min-h-screen bg-background">{children}</div>;
}
