"use client";

import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import type { EndpointView } from "@/lib/outbound/schemas";
import { updateEndpointAction } from "../actions";
import { EndpointFields, type CatalogEntry } from "@/components/outbound/endpoint-fields";

export function EditEndpointForm({ workspace, endpoint, catalog }: { workspace: string; endpoint: EndpointView; catalog: CatalogEntry[] }) {
  return (
    <ActionForm action={updateEndpointAction} workspace={workspace} resetOnSuccess={false} className="space-y-5">
      {(state, pending) => (
        <>
          <input type="hidden" name="id" value={endpoint.id} />
          <EndpointFields state={state} catalog={catalog} workspace={workspace} endpoint={endpoint} />
          <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save settings"}</Button>
        </>
      )}
    </ActionForm>
  );
}
