"use client";

import { useState } from "react";

/**
 * Controlled values for a form's text fields. React resets uncontrolled fields after every server action, errors
 * included, so a form whose input must survive a failed save (a long JSON schema, a URL with a typo) keeps its
 * values here instead.
 */
export function useDraft<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState(initial);
  const set = (name: keyof T, value: string) => setValues((current) => ({ ...current, [name]: value }));
  const field = (name: keyof T & string) => ({
    name,
    value: values[name],
    onChange: (event: { target: { value: string } }) => set(name, event.target.value),
  });
  return { values, set, field };
}
