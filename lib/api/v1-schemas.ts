import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ERROR_STATUS } from "@/lib/api/errors";

extendZodWithOpenApi(z);

/** Response shapes of the public API. Every response passes through one of these, so nothing leaks by accident. */

export const errorResponse = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS]),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      requestId: z.string().optional(),
    }),
  })
  .openapi("Error");

export const listResponse = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      data: z.array(item),
      nextCursor: z.string().nullable().describe("Pass as `cursor` to get the next page; null on the last page."),
      hasMore: z.boolean(),
    })
    .openapi(name);

export const pingResponse = z
  .object({
    workspace: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    key: z.object({ id: z.string(), name: z.string(), environment: z.enum(["live", "test"]), scopes: z.array(z.string()), applicationId: z.string().nullable() }),
  })
  .openapi("Ping");

export const auditEntry = z
  .object({
    id: z.string(),
    createdAt: z.string().datetime(),
    actor: z.object({ type: z.enum(["user", "api_key", "system", "portal_session"]), id: z.string().nullable(), label: z.string() }),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string().nullable() }),
    before: z.unknown(),
    after: z.unknown(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .openapi("AuditEntry");

export const auditList = listResponse(auditEntry, "AuditEntryList");

/** Builds a list response from a page of rows and the cursor of the next page. */
export const listBody = <T>(data: T[], nextCursor: string | null) => ({ data, nextCursor, hasMore: nextCursor !== null });

// Dates leave as ISO strings (JSON.stringify does that); the document says so. A nullable one needs its own override,
// since an override replaces the whole generated schema (null included).
export const timestamp = z.date().openapi({ type: "string", format: "date-time" });
export const nullableTimestamp = z.date().nullable().openapi({ type: ["string", "null"], format: "date-time" });
/** A view as JSON carries it to a client (a stream's data, a response body): its dates are ISO strings. */
export type AsJson<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/** A JSON value the API passes through as it is (payloads, filters). */
export const anyJson = z.unknown().openapi({ description: "Any JSON value" });

export const count = z.object({ count: z.number().int() }).openapi("Count");
