import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";

export default function PortalNotFound() {
  return <EmptyState title="Not found" description="There is nothing here for your account." action={<Button asChild variant="outline"><Link href="/portal">Back to endpoints</Link></Button>} />;
}
