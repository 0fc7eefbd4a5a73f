// The public face of lib/portal: what the consumer portal may do, for one application.
export * from "./actions";
export * from "./scope";
export * from "./session";
export * from "./reads";
export * from "./frame";
