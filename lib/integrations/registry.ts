import type { Adapter, IntegrationKind } from "./adapter";
import { slackAdapter } from "./slack";
import { zapierAdapter } from "./zapier/adapter";
import { iftttAdapter } from "./ifttt/adapter";

/** Every integration, in the order the Integrations page lists them. A new one is added here. */
export const ADAPTERS: readonly Adapter[] = [slackAdapter, zapierAdapter, iftttAdapter];

export function adapterFor(kind: IntegrationKind): Adapter | undefined {
  return ADAPTERS.find((adapter) => adapter.id === kind);
}
