import type { AlertEvidence } from "@/db/schema";
import type { AlertEvidenceView } from "@/lib/alerts/schemas";

/**
 * Evidence as shown: each record an incident points at with the dashboard page that shows it, as a path under the
 * workspace (`/<slug>/endpoints/ep_…`). Attempts and deliveries are shown on their message's page; an inbound request
 * on its source's page, filtered to rejected requests.
 */
export function evidenceView(evidence: AlertEvidence, slug: string, origin = ""): AlertEvidenceView {
  const message = evidence.refs.find((r) => r.type === "message")?.id;
  const source = evidence.refs.find((r) => r.type === "source")?.id;
  const page = (type: AlertEvidence["refs"][number]["type"], id: string): string | null => {
    switch (type) {
      case "endpoint":
        return `/endpoints/${id}`;
      case "application":
        return `/applications/${id}`;
      case "message":
        return `/messages/${id}`;
      case "delivery":
      case "attempt":
        return message ? `/messages/${message}` : null;
      case "source":
        return `/sources/${id}`;
      case "request":
        return source ? `/sources/${source}?verdict=rejected` : null;
      case "api_key":
        return "/keys";
    }
  };
  return {
    summary: evidence.summary,
    figures: evidence.figures,
    refs: evidence.refs.map((r) => {
      const path = page(r.type, r.id);
      return { type: r.type, id: r.id, url: path === null ? null : `${origin}/${slug}${path}` };
    }),
  };
}
