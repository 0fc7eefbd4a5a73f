import type { ActionState } from "@/lib/api/actions";

/**
 * Errors for a field and everything nested under it. A JSON field's errors arrive with dotted paths
 * ("contentFilter.and.0.op"); they are shown under the field, each prefixed with the part inside the JSON.
 */
export function errorsUnder(state: ActionState<unknown>, field: string): string[] | undefined {
  if (!state || state.ok || !state.fieldErrors) return undefined;
  const messages = Object.entries(state.fieldErrors).flatMap(([path, list]) => {
    if (path === field) return list;
    if (!path.startsWith(`${field}.`)) return [];
    const inner = path.slice(field.length + 1);
    return list.map((message) => `${inner}: ${message}`);
  });
  return messages.length ? messages : undefined;
}
