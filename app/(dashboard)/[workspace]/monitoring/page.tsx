import { AreaPlaceholder } from "@/components/area-placeholder";

export default function MonitoringPage() {
  return (
    <AreaPlaceholder
      title="Monitoring"
      description="Delivery health, alert rules and charts."
      upcoming="Metrics, charts and alert rules arrive once deliveries flow."
    />
  );
}
