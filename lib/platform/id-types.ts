import { z } from "zod";

/** The id registry: one prefix per kind of record. */
export const ID_PREFIXES = [
  "usr", "ws", "inv", "aud", "key", "rot", "mail", "acc", "ses",
  "app", "ps", "evt", "evtv", "ep", "sec", "msg", "bcast", "dlv", "att", "oev", "src", "req", "con", "tpl", "trf",
  // Alerting (lib/alerts): rules, incidents and the notifications each incident sends.
  "alr", "inc", "ntf",
] as const;

export type IdPrefix = (typeof ID_PREFIXES)[number];

/**
 * An id of one kind of record, `ep_…` for an endpoint: a template-literal type, so an endpoint id is refused where a
 * message id (`Id<"msg">`) is wanted, at no runtime cost (the value stays a plain string).
 */
export type Id<P extends IdPrefix> = `${P}_${string}`;

/** Whether `value` is an id with this prefix (its shape only: whether such a record exists is the caller's lookup). */
export function isId<P extends IdPrefix>(prefix: P, value: unknown): value is Id<P> {
  return typeof value === "string" && value.length > prefix.length + 1 && value.startsWith(`${prefix}_`);
}

/**
 * A string that must be an id with this prefix, parsed as `Id<P>`. An id with another prefix cannot name a record of
 * this kind: boundaries that look records up answer such an id as they answer an unknown one (not_found).
 */
export function idSchema<P extends IdPrefix>(prefix: P) {
  return z.templateLiteral([z.literal(prefix), "_", z.string().min(1)]);
}

/** The same for an optional form field, where a blank (an unpicked select) means none. */
export function optionalIdSchema<P extends IdPrefix>(prefix: P) {
  return z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), idSchema(prefix).optional());
}
