import { AreaPlaceholder } from "@/components/area-placeholder";

export default function SourcesPage() {
  return (
    <AreaPlaceholder
      title="Sources"
      description="Inbound webhooks from providers such as Stripe, GitHub and Shopify."
      upcoming="Sources, signature verification and the request inspector are being built."
    />
  );
}
