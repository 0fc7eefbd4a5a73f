import { eq, sql, type Column, type SQL } from "drizzle-orm";
import { endpoints } from "@/db/schema";
import type { RequestContext } from "@/lib/api";

/**
 * Isolation of one application (DESIGN.md §6), in one place. A context limited to an application (an
 * application-limited API key, a portal session) carries its id; core functions add these conditions to the where
 * clause of every query that reads or changes an application's objects, so another application's id finds no row
 * and answers "not found", exactly as an unknown id does, and a list holds the application's rows only. For a context
 * with the whole workspace they add nothing (`and()` drops an undefined condition).
 */

/** Rows that name their application (applications by id, endpoints, messages). */
export function inActorApplication(ctx: RequestContext, applicationId: Column): SQL | undefined {
  return ctx.applicationId ? eq(applicationId, ctx.applicationId) : undefined;
}

/**
 * Rows that belong to an application through their endpoint (deliveries, attempts): those to its endpoints. A
 * workspace-wide message's delivery to one of them is therefore the application's, though the message is not.
 */
export function throughActorEndpoint(ctx: RequestContext, endpointId: Column): SQL | undefined {
  if (!ctx.applicationId) return undefined;
  return sql`${endpointId} in (select ${endpoints.id} from ${endpoints} where ${endpoints.applicationId} = ${ctx.applicationId})`;
}
