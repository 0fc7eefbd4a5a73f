import { AreaPlaceholder } from "@/components/area-placeholder";

export default function EndpointsPage() {
  return (
    <AreaPlaceholder
      title="Endpoints"
      description="Where your customers receive webhooks."
      upcoming="Endpoints, signing secrets and delivery logs are being built. Until then, nothing is sent from this workspace."
    />
  );
}
