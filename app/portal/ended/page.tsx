import { LogOut } from "lucide-react";
import { EmptyState } from "@/components/empty-state";

const TEXT: Record<string, string> = {
  logout: "You have logged out of the portal.",
  link: "This portal link has already been used, has expired, or was ended. Links open once.",
};

export default async function PortalEndedPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  return (
    <main className="mx-auto max-w-lg px-4 py-24">
      <EmptyState
        icon={LogOut}
        title="Your portal session has ended"
        description={`${TEXT[reason ?? ""] ?? "This portal session has expired or was ended."} Ask for a new link from the product that sent you here.`}
      />
    </main>
  );
}
