import { AreaPlaceholder } from "@/components/area-placeholder";

export default function TestingPage() {
  return (
    <AreaPlaceholder
      title="Testing"
      description="Send test events and inspect requests."
      upcoming="Test sends and the request inspector are being built."
    />
  );
}
