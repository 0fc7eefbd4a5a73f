"use server";

import { z } from "zod";
import { idSchema, optionalIdSchema } from "@/lib/platform/id-types";
import { workspaceAction } from "@/lib/api/actions";
import { replayInboundRequest } from "@/lib/inbound/requests";
import { createBin, deleteSource } from "@/lib/inbound/sources";
import { postProviderSample, postSampleSchema } from "@/lib/inbound/sample-post";
import { withFieldIssues } from "@/lib/api/form-fields";
import { sendTestFormSchema } from "@/lib/outbound/endpoint-form";
import { attemptSample, sendSample } from "@/lib/outbound/sample-send";
import { inBackground } from "@/lib/platform/db-availability";

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
  // The refinement above guarantees an endpoint id when the target is an endpoint.
  run: (form, ctx, tx) => replayInboundRequest(form.target === "endpoint" && form.endpointId ? { id: form.id, endpointId: form.endpointId } : { id: form.id, url: form.url }, ctx, tx),
});

/**
 * Sends a sample to an endpoint and answers with its attempt: the test message is stored (and audited) by its own
 * transaction, so the attempt, made through the delivery path, sees it. The attempt runs in the background scope,
 * outside the action's database deadline, since the receiver may take up to the endpoint's timeout to answer.
 */
export const sendSampleAction = workspaceAction({
  permission: "messages:write",
  schema: sendTestFormSchema,
  transaction: false,
  run: async (input, ctx) => {
    const sent = await withFieldIssues(() => sendSample(input, ctx));
    return inBackground(() => attemptSample(sent, ctx));
  },
});

/** Signs a provider sample as the provider would and posts it to the source's own URL; answers with the verdict. */
export const postSampleAction = workspaceAction({
  permission: "sources:write",
  schema: postSampleSchema,
  transaction: false,
  run: (input, ctx, tx) => postProviderSample(input, ctx, tx),
});
