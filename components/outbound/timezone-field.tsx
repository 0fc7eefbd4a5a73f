"use client";

import { useBrowserValue } from "./use-browser-value";

const readOffset = () => String(new Date().getTimezoneOffset());

/**
 * A hidden `tzOffset` field with the browser's offset from UTC in minutes, so the server can read the
 * datetime-local inputs of the same form in the zone the person typed them in.
 */
export function TimezoneField() {
  return <input type="hidden" name="tzOffset" value={useBrowserValue(readOffset)} />;
}
