import { foundByPathId, idOrNotFound } from "@/lib/api/errors";
import { resolveApplication } from "@/lib/applications";
import { getEndpoint, getEventType, getMessage } from "@/lib/outbound";
import { getSource } from "@/lib/inbound";
import type { RequestContext } from "@/lib/api/request-context";

/** The dashboard's detail pages, `/<workspace>/<section>/<id>`, and how each finds its record. */
const DETAIL_LOOKUPS: Record<string, (id: string, ctx: RequestContext) => Promise<unknown>> = {
  applications: (id, ctx) => resolveApplication({ id }, ctx),
  messages: (id, ctx) => getMessage({ id: idOrNotFound("msg", id, "The message") }, ctx),
  endpoints: (id, ctx) => getEndpoint({ id: idOrNotFound("ep", id, "The endpoint") }, ctx),
  sources: (id, ctx) => getSource({ id }, ctx),
  testing: (id, ctx) => getSource({ id }, ctx),
  "event-types": (idOrName, ctx) => getEventType({ idOrName }, ctx),
};

/**
 * False when `pathname` is a detail page of this workspace whose record does not exist (or is another workspace's).
 * Detail pages stream behind a loading skeleton, so by the time the page itself finds nothing the status is already
 * 200; the workspace layout, which renders before streaming starts, asks this first and answers 404.
 */
export async function detailExists(pathname: string, slug: string, ctx: RequestContext): Promise<boolean> {
  const [, first, section, id] = pathname.split("/");
  const lookup = first === slug && id ? DETAIL_LOOKUPS[section] : undefined;
  return lookup ? foundByPathId(id, (decoded) => lookup(decoded, ctx)) : true;
}
