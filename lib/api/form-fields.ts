import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import { parseDuration } from "@/lib/ui";

/**
 * Zod pieces that turn dashboard form fields (always strings) into the typed input the core functions take. Errors
 * carry the form field's name as their path, so ActionForm shows them beside the field that caused them.
 */

/**
 * A textarea holding JSON. Blank means `whenBlank`; text that does not parse is reported as "Not valid JSON" on the
 * field itself, and anything that parses is handed to `schema` (whose nested errors keep the field as their prefix).
 */
export function jsonText<T extends z.ZodType>(schema: T, whenBlank: unknown) {
  return z.preprocess((value, ctx) => {
    if (typeof value !== "string") return value;
    if (value.trim() === "") return whenBlank;
    try {
      return JSON.parse(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `Not valid JSON: ${(error as Error).message}` });
      return z.NEVER;
    }
  }, schema);
}

/** A number input that may be left empty (then null). */
export function optionalInt(label: string, min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? null : value),
    z.coerce
      .number(`${label} must be a number`)
      .int(`${label} must be a whole number`)
      .min(min, `${label} must be at least ${min}`)
      .max(max, `${label} must be at most ${max}`)
      .nullable(),
  );
}

/** A checkbox or switch: present ("on") when checked, absent otherwise. */
export const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());

/** Several checkboxes sharing a name: absent, one value, or a list. */
export const stringList = z.preprocess((value) => (value == null ? [] : Array.isArray(value) ? value : [value]), z.array(z.string()));

/** A comma-separated list of durations such as "0, 5s, 5m, 30m"; blank means null (the default schedule). */
export const durationList = z.preprocess((value, ctx) => {
  if (typeof value !== "string" || value.trim() === "") return null;
  const parts = value.split(",").map((part) => part.trim()).filter(Boolean);
  const seconds = parts.map(parseDuration);
  const bad = parts.filter((_, i) => seconds[i] === null);
  if (bad.length) {
    ctx.addIssue({ code: "custom", message: `Not a duration: ${bad.join(", ")}. Use numbers with s, m, h or d, such as 5m.` });
    return z.NEVER;
  }
  return seconds;
}, z.array(z.number()).nullable());

/** One duration such as "5d"; required. */
export const duration = (label: string) =>
  z.string().transform((value, ctx) => {
    const seconds = parseDuration(value);
    if (seconds === null || seconds === 0) {
      ctx.addIssue({ code: "custom", message: `${label} must be a duration such as 12h or 5d` });
      return z.NEVER;
    }
    return seconds;
  });

/**
 * A `datetime-local` value ("2026-11-29T10:30") is the browser's local time with no zone. Forms send the browser's
 * offset in minutes beside it (a hidden `tzOffset` field, as Date#getTimezoneOffset gives it), so the server
 * reads the time the person meant rather than the server's own zone.
 */
export function localDateTime(value: string, tzOffsetMinutes: number): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s || 0) + tzOffsetMinutes * 60_000;
  const date = new Date(utc);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Runs a core function and turns its 422 issues (dotted JSON paths such as "payload.amount") into form field
 * errors, so a schema failure shows beside the textarea that holds the payload rather than as one long sentence.
 */
export async function withFieldIssues<R>(run: () => Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (error) {
    const issues = error instanceof AppError && error.code === "validation_failed" ? error.details?.issues : undefined;
    // An issue about the whole input has no field to sit beside; the error's own sentence says it better.
    if (!issues?.length || issues.some((issue) => issue.path === "(root)")) throw error;
    throw new z.ZodError(
      issues.map((issue) => ({ code: "custom" as const, path: issue.path.split("."), message: issue.message, input: undefined })),
    );
  }
}
