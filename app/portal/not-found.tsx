import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";

// Outside the session's layout: the layout itself answers 404 for another application's id (portalDetailExists).
export default function PortalNotFound() {
  return (
    <main className="mx-auto max-w-lg px-4 py-24">
      <EmptyState title="Not found" description="There is nothing here for your account." action={<Button asChild variant="outline"><Link href="/portal">Back to endpoints</Link></Button>} />
    </main>
  );
}
