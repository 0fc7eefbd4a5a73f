import { Construction } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

/** An honest page for an area that is not built yet: it says so, and says what will live here. */
export function AreaPlaceholder({ title, description, upcoming }: { title: string; description: string; upcoming: string }) {
  return (
    <div className="space-y-6">
      <PageHeader title={title} description={description} />
      <EmptyState icon={Construction} title="Not available yet" description={upcoming} />
    </div>
  );
}
