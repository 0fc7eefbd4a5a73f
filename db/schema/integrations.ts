import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";
import { applications } from "./applications";

// The integrations domain's tables (lib/integrations). Connections themselves are endpoints (outbound.ts, kind and
// integration); this holds what connecting needs on the way.

const ms = { withTimezone: true, precision: 3 } as const;

/**
 * OAuth `state` values of connects under way ("Add to Slack"): bound to whoever started it (a member or a portal
 * session) and to the application the connection will join, good for a few minutes and for one callback. Only the
 * SHA-256 of the state is stored, so a database reader cannot complete someone else's connect.
 */
export const integrationOauthStates = pgTable(
  "integration_oauth_states",
  {
    stateHash: text("state_hash").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    applicationId: text("application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    integration: text("integration").notNull(),
    // The actor that started the connect, as the audit trail names actors: a user or a portal session.
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id").notNull(),
    expiresAt: timestamp("expires_at", ms).notNull(),
    consumedAt: timestamp("consumed_at", ms),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // Serves purging expired states.
    index("integration_oauth_states_expires").on(t.expiresAt),
  ],
);
