"use server";

import { z } from "zod";
import { workspaceAction } from "@/lib/api/actions";
import { idOrNotFound } from "@/lib/api/errors";
import { checkbox, jsonText, optionalInt } from "@/lib/api/form-fields";
import { contentFilterText } from "@/lib/outbound/endpoint-form";
import { createConnection, deleteConnection, updateConnection } from "@/lib/inbound/connections";
import { PROVIDERS } from "@/lib/inbound/presets";
import { createSource, deleteSource, regenerateSourceToken, revealSourceSecret, updateSource } from "@/lib/inbound/sources";
import { transformSchema } from "@/lib/inbound/transform";

const workspace = z.string().min(1);
const id = z.string().min(1);

/** Every field a verification preset may have; the provider decides which of them are sent on. */
const PRESET_FIELDS: Record<(typeof PROVIDERS)[number], string[]> = {
  standard_webhooks: ["secret", "toleranceSeconds"],
  stripe: ["secret", "toleranceSeconds"],
  slack: ["secret", "toleranceSeconds"],
  github: ["secret"],
  shopify: ["secret"],
  twilio: ["secret"],
  generic_hmac: ["secret", "algorithm", "header", "encoding", "prefix", "signedContent", "timestampHeader", "idHeader", "toleranceSeconds"],
  basic_auth: ["username", "password"],
  api_key_header: ["header", "value"],
  none: [],
};

/**
 * The verification part of the source form as the core function takes it: the provider and the fields it uses.
 * A blank field is left out, so a secret left blank is generated (or, on update, kept). Errors from the core come
 * back under "verification.<field>".
 */
const verificationForm = z
  .object({ provider: z.enum(PROVIDERS, "Pick a provider") })
  .catchall(z.unknown())
  .transform((form) => {
    const preset: Record<string, unknown> = { provider: form.provider };
    for (const field of PRESET_FIELDS[form.provider]) {
      const value = typeof form[field] === "string" ? (form[field] as string) : "";
      if (field === "prefix" ? value === "" : value.trim() === "") continue;
      preset[field] = field === "toleranceSeconds" ? Number(value) : field === "prefix" ? value : value.trim();
    }
    return preset as { provider: (typeof PROVIDERS)[number] } & Record<string, unknown>;
  });

const limitsForm = z.object({
  description: z.string().default(""),
  ipAllowlist: z.string().default(""),
  rateLimitPerMinute: optionalInt("The rate limit", 1, 1_000_000),
  maxBodyKib: z.coerce.number("Enter a size in KiB").int("Use whole KiB").min(1, "At least 1 KiB").max(10_240, "At most 10 MiB (10240 KiB)"),
  deduplicate: checkbox,
  dedupHeader: z.string().trim().default(""),
  jsonSchema: jsonText(z.record(z.string(), z.unknown()).nullable(), null),
});

const limits = (form: z.output<typeof limitsForm>) => ({
  description: form.description,
  ipAllowlist: form.ipAllowlist,
  rateLimitPerMinute: form.rateLimitPerMinute,
  maxBodyBytes: form.maxBodyKib * 1024,
  deduplicate: form.deduplicate,
  dedupHeader: form.dedupHeader || null,
  jsonSchema: form.jsonSchema,
});

// The form's fields depend on the provider picked, so the action takes them loosely and parses them in two parts.
export const createSourceAction = workspaceAction({
  permission: "sources:write",
  schema: z.looseObject({ workspace, name: z.string() }),
  run: async (input, ctx, tx) => {
    const source = await createSource({ name: input.name, verification: verificationForm.parse(input), ...limits(limitsForm.parse(input)) }, ctx, tx);
    return source.id;
  },
  redirectTo: (sourceId, input) => `/${input.workspace}/sources/${sourceId}`,
});

export const updateSourceAction = workspaceAction({
  permission: "sources:write",
  schema: z.looseObject({ workspace, id, name: z.string() }),
  run: async (input, ctx, tx) => {
    await updateSource({ id: input.id, name: input.name, ...limits(limitsForm.parse(input)) }, ctx, tx);
    return null;
  },
  message: "Source settings saved",
});

export const updateVerificationAction = workspaceAction({
  permission: "sources:write",
  schema: z.looseObject({ workspace, id }),
  run: async (input, ctx, tx) => {
    await updateSource({ id: input.id, verification: verificationForm.parse(input) }, ctx, tx);
    return null;
  },
  message: "Verification saved",
});

export const deleteSourceAction = workspaceAction({
  permission: "sources:write",
  schema: z.object({ workspace, id }),
  run: (input, ctx, tx) => deleteSource(input, ctx, tx),
  redirectTo: (_result, input) => `/${input.workspace}/sources`,
});

export const regenerateUrlAction = workspaceAction({
  permission: "sources:write",
  schema: z.object({ id }),
  run: async (input, ctx, tx) => (await regenerateSourceToken(input, ctx, tx)).url,
  message: "New URL generated; the old one no longer works",
});

export const revealSourceSecretAction = workspaceAction({
  permission: "sources:write",
  schema: z.object({ id }),
  run: (input, ctx, tx) => revealSourceSecret(input, ctx, tx),
});

export const createConnectionAction = workspaceAction({
  permission: "sources:write",
  schema: z.object({
    sourceId: id,
    endpointId: z.string().min(1, "Pick an endpoint"),
    name: z.string().default(""),
    filter: contentFilterText,
    transform: jsonText(transformSchema.nullable(), null),
  }),
  run: async (input, ctx, tx) => (await createConnection(input, ctx, tx)).id,
  message: "Connection added",
});

export const toggleConnectionAction = workspaceAction({
  permission: "sources:write",
  schema: z.object({ id, enabled: z.enum(["true", "false"]).transform((v) => v === "true") }),
  run: async ({ id, enabled }, ctx, tx) => (await updateConnection({ id: idOrNotFound("con", id, "The connection"), enabled }, ctx, tx)).enabled,
  message: (enabled) => (enabled ? "Connection enabled" : "Connection paused"),
});

export const deleteConnectionAction = workspaceAction({
  permission: "sources:write",
  schema: z.object({ id }),
  run: ({ id }, ctx, tx) => deleteConnection({ id: idOrNotFound("con", id, "The connection") }, ctx, tx),
  message: "Connection removed",
});
