"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * A value only the browser knows, such as its time zone: "" while the server renders and during hydration, then
 * the browser's value. `read` must return the same string each time it is called within a render.
 */
export function useBrowserValue(read: () => string): string {
  return useSyncExternalStore(noSubscription, read, () => "");
}
