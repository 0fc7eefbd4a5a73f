import { AreaPlaceholder } from "@/components/area-placeholder";

export default function MessagesPage() {
  return (
    <AreaPlaceholder
      title="Messages"
      description="Every event sent, with its deliveries and attempts."
      upcoming="The message log arrives with outbound delivery."
    />
  );
}
