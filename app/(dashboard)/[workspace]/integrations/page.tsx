import { AreaPlaceholder } from "@/components/area-placeholder";

export default function IntegrationsPage() {
  return (
    <AreaPlaceholder
      title="Integrations"
      description="Slack, Zapier and IFTTT."
      upcoming="The Slack, Zapier and IFTTT adapters are being built."
    />
  );
}
