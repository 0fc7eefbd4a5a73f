import { AreaPlaceholder } from "@/components/area-placeholder";

export default function TemplatesPage() {
  return (
    <AreaPlaceholder
      title="Templates"
      description="Payload formats, Liquid templates and transformations."
      upcoming="Templates and transformations are being built."
    />
  );
}
