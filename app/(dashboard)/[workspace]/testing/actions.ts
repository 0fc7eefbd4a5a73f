"use server";

import { z } from "zod";
import { idSchema, optionalIdSchema } from "@/lib/platform/id-types";
import { workspaceAction } from "@/lib/api/actions";
import { replayInboundRequest } from "@/lib/inbound/requests";
import { createBin, deleteSource } from "@/lib/inbound/sources";

const workspace = z.string().min(1);

export const createBinAction = workspaceAction({
  permission: "sources:write",
  schema: z.object({ workspace }),
  run: async (_input, ctx, tx) => (await createBin(ctx, tx)).id,
  redirectTo: (binId, input) => `/${input.workspace}/testing/${binId}`,
});

export const deleteBinAction = workspaceAction({
  permission: "sources:write",
  schema: z.object({ workspace, id: z.string().min(1) }),
  run: (input, ctx, tx) => deleteSource(input, ctx, tx),
  redirectTo: (_result, input) => `/${input.workspace}/testing`,
});

/** Replays a request to an endpoint (through the outbox) or to a URL (through the SSRF-safe client). */
export const replayAction = workspaceAction({
  permission: "sources:write",
  schema: z
    .object({ id: idSchema("req"), target: z.enum(["endpoint", "url"]), endpointId: optionalIdSchema("ep"), url: z.string().trim().default("") })
    .superRefine((form, ctx) => {
      if (form.target === "endpoint" && !form.endpointId) ctx.addIssue({ code: "custom", path: ["endpointId"], message: "Pick an endpoint" });
      if (form.target === "url" && !form.url) ctx.addIssue({ code: "custom", path: ["url"], message: "Enter the URL to send it to" });
    }),
  run: (form, ctx, tx) => replayInboundRequest(form.target === "endpoint" ? { id: form.id, endpointId: form.endpointId! } : { id: form.id, url: form.url }, ctx, tx),
});
