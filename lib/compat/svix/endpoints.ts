import { z } from "zod";
import { notFound, type RequestContext } from "@/lib/api";
import {
  createEndpoint,
  deleteEndpoint,
  deliveryStatusCounts,
  disableEndpoint,
  enableEndpoint,
  type EndpointView,
  getEndpoint,
  getEventType,
  listEndpoints,
  recoverFailedDeliveries,
  replayMissingMessages,
  revealEndpointSecret,
  rotateEndpointSecret,
  sendTestMessage,
  updateEndpoint,
} from "@/lib/outbound";
import { isId, newToken } from "@/lib/platform";
import { pathApplication } from "./applications";
import { invalidField, unsupportedField } from "./errors";
import { svixList, svixPage } from "./pagination";
import { svixEndpoint, svixMessage, type SvixResult } from "./shapes";

/** Svix's endpoint calls, over lib/outbound's endpoints, recovery and test sends. */

const endpointFields = {
  url: z.string(),
  description: z.string().optional(),
  throttleRate: z.number().int().nullish(),
  uid: z.string().nullish(),
  disabled: z.boolean().optional(),
  eventTypes: z.array(z.string()).nullish(),
  channels: z.array(z.string()).nullish(),
  metadata: z.record(z.string(), z.string()).optional(),
  headers: z.record(z.string(), z.string()).nullish(),
  // Ours: an endpoint made through this API is migrated unless told otherwise.
  migratedFromSvix: z.boolean().optional(),
};
const endpointIn = z.object({ ...endpointFields, secret: z.string().nullish() });
const endpointPatch = z.object(endpointFields).partial();

/** Svix fields we do not store: refused when they carry anything, never dropped. */
function refuseUnsupported(body: z.output<typeof endpointPatch>) {
  if (body.uid) throw unsupportedField("uid", "An endpoint uid");
  if (body.channels?.length) throw unsupportedField("channels", "Channels");
  if (body.metadata && Object.keys(body.metadata).length) throw unsupportedField("metadata", "Endpoint metadata");
}

/** The endpoint a path names, of the application it names; another application's is a 404 like an unknown one. */
export async function pathEndpoint(appId: string, endpointId: string, ctx: RequestContext): Promise<EndpointView> {
  const app = await pathApplication(appId, ctx);
  if (!isId("ep", endpointId)) throw notFound("The endpoint");
  const endpoint = await getEndpoint({ id: endpointId }, ctx);
  if (endpoint.applicationId !== app.id) throw notFound("The endpoint");
  return endpoint;
}

/** Svix's `disabled` as our status changes, applied after the other fields. */
async function applyDisabled(endpoint: EndpointView, disabled: boolean | undefined, ctx: RequestContext): Promise<EndpointView> {
  if (disabled === undefined || disabled === (endpoint.status === "disabled")) return endpoint;
  return disabled ? disableEndpoint({ id: endpoint.id }, ctx) : enableEndpoint({ id: endpoint.id }, ctx);
}

export async function listSvixEndpoints(appId: string, query: URLSearchParams, ctx: RequestContext): Promise<SvixResult> {
  const app = await pathApplication(appId, ctx);
  const { data, nextCursor } = await listEndpoints({ ...svixPage(query), application: app.id }, ctx);
  return { status: 200, body: svixList(data.map(svixEndpoint), nextCursor) };
}

/**
 * create: with Svix's own `secret` when given (so receivers keep theirs), the payload as sent (Svix delivers the payload
 * alone, not our envelope) and, unless `migratedFromSvix: false`, the svix-* headers beside the webhook-* ones.
 */
export async function createSvixEndpoint(appId: string, body: unknown, ctx: RequestContext): Promise<SvixResult> {
  const input = endpointIn.parse(body);
  refuseUnsupported(input);
  const app = await pathApplication(appId, ctx);
  const { endpoint } = await createEndpoint(
    {
      application: app.id,
      url: input.url,
      description: input.description ?? "",
      eventTypes: input.eventTypes ?? null,
      rateLimitPerSecond: input.throttleRate ?? null,
      headers: input.headers ?? {},
      secret: input.secret ?? undefined,
      payloadFormat: "raw",
      migratedFromSvix: input.migratedFromSvix ?? true,
    },
    ctx,
  );
  return { status: 201, body: svixEndpoint(await applyDisabled(endpoint, input.disabled, ctx)) };
}

export async function getSvixEndpoint(appId: string, endpointId: string, ctx: RequestContext): Promise<SvixResult> {
  return { status: 200, body: svixEndpoint(await pathEndpoint(appId, endpointId, ctx)) };
}

/** patch, and upsert (which, without endpoint uids, updates an existing endpoint: an unknown id is a 404). */
export async function updateSvixEndpoint(appId: string, endpointId: string, body: unknown, ctx: RequestContext, whole: boolean): Promise<SvixResult> {
  const input = (whole ? endpointPatch.required({ url: true }) : endpointPatch).parse(body);
  refuseUnsupported(input);
  const before = await pathEndpoint(appId, endpointId, ctx);
  const updated = await updateEndpoint(
    {
      id: before.id,
      url: input.url,
      description: input.description ?? (whole ? "" : undefined),
      eventTypes: input.eventTypes === undefined ? (whole ? null : undefined) : input.eventTypes,
      rateLimitPerSecond: input.throttleRate === undefined ? (whole ? null : undefined) : input.throttleRate,
      migratedFromSvix: input.migratedFromSvix,
    },
    ctx,
  );
  return { status: 200, body: svixEndpoint(await applyDisabled(updated, input.disabled ?? (whole ? false : undefined), ctx)) };
}

export async function deleteSvixEndpoint(appId: string, endpointId: string, ctx: RequestContext): Promise<SvixResult> {
  await deleteEndpoint({ id: (await pathEndpoint(appId, endpointId, ctx)).id }, ctx);
  return { status: 204, body: null };
}

export async function getSvixEndpointSecret(appId: string, endpointId: string, ctx: RequestContext): Promise<SvixResult> {
  const { secret } = await revealEndpointSecret({ id: (await pathEndpoint(appId, endpointId, ctx)).id }, ctx);
  return { status: 200, body: { key: secret } };
}

const rotateIn = z.object({ key: z.string().nullish(), gracePeriodSeconds: z.number().int().nullish() });

/** rotateSecret: to the given key or a new one; the old one keeps signing for the grace period (24 hours unless given). */
export async function rotateSvixEndpointSecret(appId: string, endpointId: string, body: unknown, ctx: RequestContext): Promise<SvixResult> {
  const input = rotateIn.parse(body ?? {});
  const endpoint = await pathEndpoint(appId, endpointId, ctx);
  await rotateEndpointSecret({ id: endpoint.id, secret: input.key ?? undefined, overlapSeconds: input.gracePeriodSeconds ?? undefined }, ctx);
  return { status: 204, body: null };
}

export async function getSvixEndpointHeaders(appId: string, endpointId: string, ctx: RequestContext): Promise<SvixResult> {
  const endpoint = await pathEndpoint(appId, endpointId, ctx);
  // Credentials never live in custom headers here (they are outbound auth), so none is sensitive.
  return { status: 200, body: { headers: endpoint.headers, sensitive: [] } };
}

const headersIn = z.object({ headers: z.record(z.string(), z.string()), deleteHeaders: z.array(z.string()).optional() });

/** setHeaders replaces them all; patchHeaders (`merge`) adds or replaces the given ones and removes `deleteHeaders`. */
export async function setSvixEndpointHeaders(appId: string, endpointId: string, body: unknown, ctx: RequestContext, merge: boolean): Promise<SvixResult> {
  const input = headersIn.parse(body);
  const endpoint = await pathEndpoint(appId, endpointId, ctx);
  const lower = (names: string[]) => new Set(names.map((n) => n.toLowerCase()));
  const dropped = lower([...(input.deleteHeaders ?? []), ...Object.keys(input.headers)]);
  const kept = merge ? Object.fromEntries(Object.entries(endpoint.headers).filter(([name]) => !dropped.has(name.toLowerCase()))) : {};
  await updateEndpoint({ id: endpoint.id, headers: { ...kept, ...input.headers } }, ctx);
  return { status: 204, body: null };
}

const windowIn = z.object({ since: z.coerce.date(), until: z.coerce.date().nullish() });

/** Svix's BackgroundTask answer: the work is done when we answer (deliveries are queued), so it is finished. */
const finishedTask = (task: "endpoint.recover" | "endpoint.replay") => ({ id: `qtask_${newToken(16)}`, status: "finished", task, updatedAt: new Date() });

export async function recoverSvixEndpoint(appId: string, endpointId: string, body: unknown, ctx: RequestContext): Promise<SvixResult> {
  const { since, until } = windowIn.parse(body);
  const endpoint = await pathEndpoint(appId, endpointId, ctx);
  await recoverFailedDeliveries({ endpointId: endpoint.id, since, until: until ?? undefined }, ctx);
  return { status: 202, body: finishedTask("endpoint.recover") };
}

export async function replayMissingSvix(appId: string, endpointId: string, body: unknown, ctx: RequestContext): Promise<SvixResult> {
  const { since, until } = windowIn.parse(body);
  const endpoint = await pathEndpoint(appId, endpointId, ctx);
  await replayMissingMessages({ endpointId: endpoint.id, since, until: until ?? undefined }, ctx);
  return { status: 202, body: finishedTask("endpoint.replay") };
}

/** getStats: the endpoint's deliveries in the window (all of them unless `since`), by Svix's statuses. */
export async function svixEndpointStats(appId: string, endpointId: string, query: URLSearchParams, ctx: RequestContext): Promise<SvixResult> {
  const endpoint = await pathEndpoint(appId, endpointId, ctx);
  const counts = await deliveryStatusCounts({ endpointId: endpoint.id, since: query.get("since") ?? new Date(0), until: query.get("until") ?? undefined }, ctx);
  return { status: 200, body: { success: counts.succeeded, pending: counts.pending + counts.failed, sending: counts.sending, fail: counts.exhausted, canceled: counts.cancelled } };
}

const exampleIn = z.object({ eventType: z.string(), exampleIndex: z.number().int().min(0).optional() });

/**
 * sendExample: the event type's example (`examples[exampleIndex]` of its latest schema, else its sample payload) to
 * this endpoint only, as our endpoint page's test send does.
 */
export async function sendSvixExample(appId: string, endpointId: string, body: unknown, ctx: RequestContext): Promise<SvixResult> {
  const { eventType, exampleIndex = 0 } = exampleIn.parse(body);
  const endpoint = await pathEndpoint(appId, endpointId, ctx);
  const type = await getEventType({ idOrName: eventType }, ctx);
  const latest = type.versions.at(-1);
  const examples = latest?.schema && Array.isArray(latest.schema.examples) ? (latest.schema.examples as unknown[]) : [];
  if (exampleIndex > 0 && exampleIndex >= examples.length) throw invalidField("exampleIndex", `The event type has ${examples.length} example(s).`);
  const payload = examples[exampleIndex] ?? latest?.samplePayload ?? undefined;
  const { message } = await sendTestMessage({ endpointId: endpoint.id, eventType: type.name, payload: payload ?? undefined }, ctx);
  return { status: 202, body: svixMessage(message, true) };
}
