"use server";

import { z } from "zod";
import { workspaceAction } from "@/lib/api/actions";
import { disconnect, disconnectSchema, startConnect, startConnectSchema } from "@/lib/integrations";

const workspace = z.string().min(1);

/** Sends the member to the service's authorize page ("Add to Slack"); it comes back to the callback route. */
export const connectIntegrationAction = workspaceAction({
  permission: "endpoints:write",
  schema: startConnectSchema.extend({ workspace }),
  run: ({ workspace: _w, ...input }, ctx, tx) => startConnect(input, ctx, tx),
  redirectTo: (result) => result.url,
});

export const disconnectIntegrationAction = workspaceAction({
  permission: "endpoints:write",
  schema: disconnectSchema.extend({ workspace }),
  run: ({ workspace: _w, ...input }, ctx, tx) => disconnect(input, ctx, tx),
  message: "Disconnected.",
});
