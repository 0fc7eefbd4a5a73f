"use server";

import { z } from "zod";
import { workspaceAction } from "@/lib/api/actions";
import { jsonText, withFieldIssues } from "@/lib/api/form-fields";
import { addEventTypeVersion, createEventType, updateEventType } from "@/lib/outbound/event-types";
import { importOpenApi } from "@/lib/outbound/openapi-import";

const workspace = z.string().min(1);
const id = z.string().min(1);
const jsonObject = (what: string) => z.record(z.string(), z.unknown(), `${what} must be a JSON object`);

/** Blank means "accept any payload"; anything else must be a JSON Schema object. */
const schemaField = jsonText(jsonObject("A JSON Schema").nullable(), null);
/** Blank means "no sample". */
const sampleField = jsonText(z.unknown(), undefined);
const blankToNull = z.string().trim().transform((s) => s || null);

export const createEventTypeAction = workspaceAction({
  permission: "event_types:write",
  schema: z.object({
    workspace,
    name: z.string().trim().min(1, "Give the event type a name, such as invoice.paid"),
    description: z.string().default(""),
    featureGroup: blankToNull.default(null),
    schema: schemaField,
    samplePayload: sampleField,
  }),
  run: async (input, ctx, tx) => (await withFieldIssues(() => createEventType(input, ctx, tx))).id,
  redirectTo: (eventTypeId, input) => `/${input.workspace}/event-types/${eventTypeId}`,
});

export const addVersionAction = workspaceAction({
  permission: "event_types:write",
  schema: z.object({ eventTypeId: id, schema: schemaField, samplePayload: sampleField }),
  run: (input, ctx, tx) => withFieldIssues(() => addEventTypeVersion(input, ctx, tx)),
  message: (version) => `Version ${version.version} added`,
});

export const updateEventTypeAction = workspaceAction({
  permission: "event_types:write",
  schema: z.object({ id, description: z.string().default(""), featureGroup: blankToNull.default(null) }),
  run: (input, ctx, tx) => updateEventType(input, ctx, tx),
  message: "Event type saved",
});

const FLAG_MESSAGES = {
  deprecated: ["Marked deprecated", "No longer deprecated"],
  archived: ["Archived: it accepts no new messages", "Restored from the archive"],
} as const;

export const setEventTypeFlagAction = workspaceAction({
  permission: "event_types:write",
  schema: z.object({ id, flag: z.enum(["deprecated", "archived"]), value: z.enum(["true", "false"]).transform((v) => v === "true") }),
  run: async (input, ctx, tx) => {
    await updateEventType({ id: input.id, [input.flag]: input.value }, ctx, tx);
    return FLAG_MESSAGES[input.flag][input.value ? 0 : 1];
  },
  message: (text) => text,
});

export const importOpenApiAction = workspaceAction({
  permission: "event_types:write",
  schema: z.object({
    document: jsonText(
      z.record(z.string(), z.unknown(), { error: (issue) => (issue.input === undefined ? "Paste an OpenAPI 3.1 document" : "The document must be a JSON object") }),
      undefined,
    ),
  }),
  run: (input, ctx, tx) => importOpenApi(input, ctx, tx),
});
