import { relations, sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/lib/platform/ids";
import { workspaces } from "./workspaces";

// The payloads domain's tables (lib/payloads): a workspace's Liquid templates and their published versions.
// Endpoints pin one (outbound.ts: template_id, template_version, template_vars).

const ms = { withTimezone: true, precision: 3 } as const;

/**
 * A workspace's payload template: a draft that anyone with templates:write edits freely, and immutable published
 * versions (template_versions) that endpoints render. `latest_version` is the highest published number, 0 before the
 * first publish; publishing raises it in the same transaction that inserts the version.
 */
export const templates = pgTable(
  "templates",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("tpl")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // The receiver's format (lib/payloads/targets.ts): json, slack, discord, teams or text.
    target: text("target").notNull(),
    description: text("description").notNull().default(""),
    draftSource: text("draft_source").notNull(),
    latestVersion: integer("latest_version").notNull().default(0),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // Serves the templates list (newest first, keyset on created_at, id).
    index("templates_workspace_created").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    // Names identify templates in the endpoint form's picker: unique per workspace.
    uniqueIndex("templates_workspace_name").on(t.workspaceId, t.name),
    check("templates_target_known", sql`${t.target} in ('json', 'slack', 'discord', 'teams', 'text')`),
  ],
);

/** One published version of a template: never updated, deleted only with its template. */
export const templateVersions = pgTable(
  "template_versions",
  {
    templateId: text("template_id").notNull().references(() => templates.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    source: text("source").notNull(),
    changelog: text("changelog").notNull().default(""),
    // Who published it, as the audit trail names actors (a member's email, a key's name); the actor's id beside it.
    publishedBy: text("published_by").notNull(),
    publishedById: text("published_by_id"),
    publishedAt: timestamp("published_at", ms).notNull().defaultNow(),
  },
  // The primary key serves the versions list (newest first) and the lookup of a pinned version.
  (t) => [primaryKey({ columns: [t.templateId, t.number] }), check("template_versions_number_positive", sql`${t.number} > 0`)],
);

export const templatesRelations = relations(templates, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [templates.workspaceId], references: [workspaces.id] }),
  versions: many(templateVersions),
}));

export const templateVersionsRelations = relations(templateVersions, ({ one }) => ({
  template: one(templates, { fields: [templateVersions.templateId], references: [templates.id] }),
}));
