import { AreaPlaceholder } from "@/components/area-placeholder";

export default function KeysPage() {
  return (
    <AreaPlaceholder
      title="API keys"
      description="Keys your programs use against the public API."
      upcoming="API keys are being built."
    />
  );
}
