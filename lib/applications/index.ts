// The public face of lib/applications: other domains import from here.
export * from "./schemas";
export * from "./scope";
export * from "./applications";
export * from "./portal-sessions";
export * from "./summaries";
export { registerPortalOperations } from "./api-schemas";
