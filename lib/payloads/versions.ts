import { and, between, eq } from "drizzle-orm";
import { db } from "@/db";
import { eventTypeVersions } from "@/db/schema";
import { validatePayload } from "@/lib/outbound";
import { runTransformation, type Webhook } from "./sandbox";

/**
 * Version pinning. An endpoint's `versionPin` is the event-type version its receiver speaks. A message of a newer
 * version is converted down to it, one step at a time, by each version's converter (a transformation turning version
 * N's payload into N−1's: v3 → v2 → v1), and the result is checked against the pinned version's JSON Schema. A step
 * without a converter, or a result its schema refuses, fails the attempt as `schema_mismatch`: the receiver never
 * gets a payload in a shape it does not speak. Which messages reach a pinned endpoint is fan-out's rule
 * (lib/outbound/send.ts endpointReceives): those of at least min(pin, the type's latest version), so a type that
 * never reached the pinned number is sent at its latest.
 */

export interface VersionStep {
  id: string;
  version: number;
  schema: unknown;
  converter: string | null;
}

// Versions and their converters never change once written, so entries never go stale; the cap bounds memory.
const CACHE_LIMIT = 2_000;
const cache = new Map<string, VersionStep>();

async function versionsBetween(eventTypeId: string, low: number, high: number): Promise<Map<number, VersionStep>> {
  const found = new Map<number, VersionStep>();
  for (let v = low; v <= high; v++) {
    const hit = cache.get(`${eventTypeId}:${v}`);
    if (hit) found.set(v, hit);
  }
  if (found.size === high - low + 1) return found;
  const rows = await db()
    .select({ id: eventTypeVersions.id, version: eventTypeVersions.version, schema: eventTypeVersions.schema, converter: eventTypeVersions.converter })
    .from(eventTypeVersions)
    .where(and(eq(eventTypeVersions.eventTypeId, eventTypeId), between(eventTypeVersions.version, low, high)));
  for (const row of rows) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(`${eventTypeId}:${row.version}`, row);
    found.set(row.version, row);
  }
  return found;
}

export type ConversionResult =
  | { ok: true; payload: unknown }
  | { ok: false; errorClass: "transformation_error" | "schema_mismatch"; message: string; line: number | null };

/**
 * The payload of a version-`from` message as version `to` (lower) has it, through each converter in turn, checked
 * against version `to`'s schema. `request` is what the converters see as the webhook's url, method and headers.
 */
export async function convertDown(
  input: { eventType: string; eventTypeId: string | null; from: number; to: number; payload: unknown },
  request: Pick<Webhook, "url" | "method" | "headers">,
): Promise<ConversionResult> {
  const { eventType, eventTypeId, from, to } = input;
  if (!eventTypeId) return { ok: false, errorClass: "schema_mismatch", message: `The event type ${eventType} no longer exists, so its v${from} payload cannot be converted to v${to}.`, line: null };
  const versions = await versionsBetween(eventTypeId, to, from);
  let payload = input.payload;
  for (let v = from; v > to; v--) {
    const converter = versions.get(v)?.converter;
    if (!converter) {
      return { ok: false, errorClass: "schema_mismatch", message: `${eventType} v${v} has no converter to v${v - 1}, and the endpoint is pinned to v${to}.`, line: null };
    }
    const ran = await runTransformation(converter, { ...request, eventType, payload });
    if (!ran.ok) return { ok: false, errorClass: "transformation_error", message: `The converter from ${eventType} v${v} to v${v - 1} failed: ${ran.message}`, line: ran.line };
    payload = ran.webhook.payload;
  }
  const target = versions.get(to);
  const issues = target ? validatePayload(target, payload) : [];
  if (issues.length > 0) {
    const summary = issues.slice(0, 3).map((i) => `${i.path} ${i.message}`).join("; ");
    return { ok: false, errorClass: "schema_mismatch", message: `The payload converted to ${eventType} v${to} does not match that version's schema: ${summary}.`, line: null };
  }
  return { ok: true, payload };
}
