/**
 * Client-safe presentation helpers (no server-only imports): safe to use from client components. This index is the
 * domain's public face: other lib/ domains import only from here. Modules that import fewer other domains come first,
 * so a domain that imports this index back (a cycle) finds them initialised.
 */

export { cn } from "./cn";
export { formatDuration, parseDuration } from "./durations";
