import { randomBytes } from "node:crypto";
import type { Id } from "../../lib/platform/id-types";
import { sql } from "drizzle-orm";
import { db } from "../../db";
import { users } from "../../db/schema";
import { contextFromMember, systemRequestMeta, type RequestContext } from "../../lib/api/request-context";
import { newId } from "../../lib/platform/ids";
import { createPersonalWorkspace } from "../../lib/workspaces/service";

export async function createOwnerForBench(): Promise<RequestContext> {
  const [user] = await db().insert(users).values({ email: `bench-${randomBytes(4).toString("hex")}@example.test` }).returning();
  const workspace = await createPersonalWorkspace(user, systemRequestMeta());
  return contextFromMember(workspace.id, "owner", { type: "user", id: user.id, label: user.email }, systemRequestMeta());
}

export interface BulkEndpoint {
  url: string;
  /** Event type names it receives; null for every type. */
  eventTypes: string[] | null;
  status?: "enabled" | "paused" | "disabled";
}

/**
 * `count` applications in the workspace, inserted in bulk (thousands in a few statements, where the API would take
 * a request each), each with the endpoints `endpointsFor(i)` gives. Every endpoint signs with a copy of the secret of
 * `secretFrom` (an endpoint made the ordinary way), so its deliveries can be sent. Returns the endpoints made, in order.
 */
export async function insertApplications(workspaceId: string, count: number, endpointsFor: (i: number) => BulkEndpoint[], secretFrom: string) {
  const made: { id: Id<"ep">; applicationId: Id<"app">; spec: BulkEndpoint }[] = [];
  for (let start = 0; start < count; start += 2000) {
    const apps = Array.from({ length: Math.min(2000, count - start) }, (_, k) => ({ id: newId("app"), name: `Customer ${start + k}`, uid: `customer-${start + k}` }));
    const eps = apps.flatMap((a, k) => endpointsFor(start + k).map((spec) => ({ id: newId("ep"), applicationId: a.id, spec })));
    made.push(...eps);
    await db().execute(sql`insert into applications (id, workspace_id, name, uid)
      select v.id, ${workspaceId}, v.name, v.uid from json_to_recordset(${JSON.stringify(apps)}::json) as v(id text, name text, uid text)`);
    if (eps.length === 0) continue;
    const rows = eps.map((e) => ({ id: e.id, application_id: e.applicationId, url: e.spec.url, event_types: e.spec.eventTypes, status: e.spec.status ?? "enabled", secret_id: newId("sec") }));
    await db().execute(sql`with v as (select * from json_to_recordset(${JSON.stringify(rows)}::json) as v(id text, application_id text, url text, event_types text[], status endpoint_status, secret_id text)),
      e as (insert into endpoints (id, workspace_id, application_id, url, event_types, status) select v.id, ${workspaceId}, v.application_id, v.url, v.event_types, v.status from v returning id)
      insert into endpoint_secrets (id, workspace_id, endpoint_id, secret_encrypted)
      select v.secret_id, ${workspaceId}, v.id, (select secret_encrypted from endpoint_secrets where endpoint_id = ${secretFrom} order by created_at limit 1)
      from v join e on e.id = v.id`);
  }
  return made;
}
