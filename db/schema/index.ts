export * from "./auth";
export * from "./workspaces";
export * from "./audit";
export * from "./keys";
export * from "./event-types";
export * from "./endpoints";
export * from "./messages";
export * from "./sources";
