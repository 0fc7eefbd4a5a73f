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
      request_id: z.string().optional(),
    }),
  })
  .openapi("Error");

export const listResponse = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      data: z.array(item),
      next_cursor: z.string().nullable().describe("Pass as `cursor` to get the next page; null on the last page."),
      has_more: z.boolean(),
    })
    .openapi(name);

export const pingResponse = z
  .object({
    workspace: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    key: z.object({ id: z.string(), name: z.string(), environment: z.enum(["live", "test"]), scopes: z.array(z.string()) }),
  })
  .openapi("Ping");

export const auditEntry = z
  .object({
    id: z.string(),
    created_at: z.string().datetime(),
    actor: z.object({ type: z.enum(["user", "api_key", "system"]), id: z.string().nullable(), label: z.string() }),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string().nullable() }),
    before: z.unknown(),
    after: z.unknown(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    request_id: z.string().nullable(),
  })
  .openapi("AuditEntry");

export const auditList = listResponse(auditEntry, "AuditEntryList");
