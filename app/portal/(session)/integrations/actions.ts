"use server";

import { disconnect, disconnectSchema, startConnect, startConnectSchema } from "@/lib/integrations";
import { portalAction } from "@/lib/portal";

/** A customer connects their own Slack for their application's events; the core keeps it to the session's application. */
export const portalConnectAction = portalAction({
  permission: "endpoints:write",
  schema: startConnectSchema,
  run: (input, ctx, tx) => startConnect(input, ctx, tx),
  redirectTo: (result) => result.url,
});

export const portalDisconnectAction = portalAction({
  permission: "endpoints:write",
  schema: disconnectSchema,
  run: (input, ctx, tx) => disconnect(input, ctx, tx),
  message: "Disconnected.",
});
