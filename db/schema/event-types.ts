import { relations } from "drizzle-orm";
import { boolean, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/lib/platform/ids";
import { workspaces } from "./workspaces";

/** The catalog of events a workspace sends. Names are dotted (`invoice.paid`) and unique per workspace. */
export const eventTypes = pgTable(
  "event_types",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("evt")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    // Groups types in the catalog and the endpoint subscription picker ("Billing", "Users").
    featureGroup: text("feature_group"),
    // Deprecated types still send; the flag warns consumers. Archived types refuse new messages.
    deprecated: boolean("deprecated").notNull().default(false),
    archived: boolean("archived").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // Serves sendMessage's lookup by name, and enforces one type per name per workspace.
    uniqueIndex("event_types_workspace_name").on(t.workspaceId, t.name),
  ],
);

/** Immutable versions of an event type: changing a schema means adding a version, so cached validators never go stale. */
export const eventTypeVersions = pgTable(
  "event_type_versions",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("evtv")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    eventTypeId: text("event_type_id").notNull().references(() => eventTypes.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    // A JSON Schema (2020-12 unless its $schema names draft-07); null accepts any payload.
    schema: jsonb("schema"),
    samplePayload: jsonb("sample_payload"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // Serves version lookups (latest = highest number) and keeps numbers unique per type.
    uniqueIndex("event_type_versions_type_version").on(t.eventTypeId, t.version),
  ],
);

export const eventTypesRelations = relations(eventTypes, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [eventTypes.workspaceId], references: [workspaces.id] }),
  versions: many(eventTypeVersions),
}));

export const eventTypeVersionsRelations = relations(eventTypeVersions, ({ one }) => ({
  eventType: one(eventTypes, { fields: [eventTypeVersions.eventTypeId], references: [eventTypes.id] }),
}));
