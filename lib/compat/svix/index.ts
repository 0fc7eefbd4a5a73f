// The Svix-compatible API (docs/svix-migration.md): Svix's paths and shapes over the same lib/ core functions our own
// /api/v1 routes call. The routes (app/api/v1/(svix)) are thin apiRoute calls with SVIX_ROUTE's options.
import { svixErrorShape } from "./errors";

export * from "./errors";
export * from "./pagination";
export * from "./shapes";
export * from "./applications";
export * from "./endpoints";
export * from "./event-types";
export * from "./messages";
export { isSvixPath, notSupported, SVIX_CALLS, svixCallName } from "./unsupported";

/** apiRoute's options for every Svix route: Svix's error shape and Idempotency-Key rules, and app portal tokens. */
export const SVIX_ROUTE = { errorShape: svixErrorShape, idempotency: "svix" as const, portalTokens: true as const };
