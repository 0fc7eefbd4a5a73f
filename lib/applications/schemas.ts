import { z } from "zod";
import { listResponse, timestamp } from "@/lib/api/v1-schemas";
import { idSchema } from "@/lib/platform/id-types";

// The application shapes other domains build their own schemas from when they load (endpoints, sends): kept apart from
// applications.ts, which imports outbound, so that building them never waits on an import cycle.

/** The application an endpoint created without one joins, and the one the migration moved existing endpoints into. */
export const DEFAULT_APPLICATION = { uid: "default", name: "Default" } as const;

export const applicationUidSchema = z
  .string()
  .trim()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9._-]+$/, "Use letters, digits, '.', '_' and '-'")
  .refine((uid) => !uid.startsWith("app_"), { message: "A uid cannot start with app_ (that is how application ids begin)" });

/** An application id (`app_…`) or uid. */
export const applicationRefSchema = z.string().trim().min(1).max(256);

export const applicationMetadataSchema = z
  .record(z.string().min(1).max(100), z.string().max(1000))
  .refine((m) => Object.keys(m).length <= 50, { message: "Use at most 50 metadata keys" });

export const applicationFields = {
  name: z.string().trim().min(1).max(256),
  uid: applicationUidSchema.nullable(),
  /** Free-form string pairs for the workspace's own use (a plan, an account manager); never interpreted. */
  metadata: applicationMetadataSchema,
  rateLimitPerSecond: z.number().int().min(1).max(10_000).nullable(),
};

export const createApplicationSchema = z.object({
  name: applicationFields.name,
  uid: applicationFields.uid.default(null),
  metadata: applicationFields.metadata.default({}),
  rateLimitPerSecond: applicationFields.rateLimitPerSecond.default(null),
});

export const updateApplicationSchema = z.object({
  id: applicationRefSchema,
  name: applicationFields.name.optional(),
  uid: applicationFields.uid.optional(),
  metadata: applicationFields.metadata.optional(),
  rateLimitPerSecond: applicationFields.rateLimitPerSecond.optional(),
});

/** What a send may name: an application by id or uid, or `{uid, name}` to create it on first use. */
export const applicationInSendSchema = z.union([
  applicationRefSchema,
  z.object({
    uid: applicationUidSchema,
    name: applicationFields.name,
    metadata: applicationFields.metadata.optional(),
    rateLimitPerSecond: applicationFields.rateLimitPerSecond.optional(),
  }),
]);

/** An application as the API and the dashboard see it; its type is inferred from here, and rows are shaped through it. */
export const application = z
  .object({
    id: idSchema("app"),
    name: z.string(),
    uid: z.string().nullable().describe("The customer's id in your own system; usable wherever an application id is."),
    metadata: z.record(z.string(), z.string()),
    rateLimitPerSecond: z.number().int().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi("Application");
export const applicationList = listResponse(application, "ApplicationList");
export type ApplicationView = z.infer<typeof application>;
