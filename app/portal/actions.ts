"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { idSchema } from "@/lib/platform/id-types";
import { endPortalSession } from "@/lib/applications";
import { checkbox, withFieldIssues } from "@/lib/api/form-fields";
import { endpointFormInput, endpointFormSchema, recoverFormSchema, recoverSince, requireSubscription, sendTestFormSchema } from "@/lib/outbound/endpoint-form";
import { createEndpoint, deleteEndpoint, pauseEndpoint, resumeEndpoint, revealEndpointSecret, rotateEndpointSecret, updateEndpoint } from "@/lib/outbound/endpoints";
import { recoverFailedDeliveries, replayMessage } from "@/lib/outbound/replay";
import { sendTestMessage } from "@/lib/outbound/send";
import { PORTAL_COOKIE, portalAction } from "@/lib/portal";

// The consumer portal's mutations. Each goes through portalAction (session, permission, rate limit, audit); the
// session's context is limited to its application, which the core functions enforce, so another application's id is
// "not found" there like an unknown one.

const id = idSchema("ep");

export const createPortalEndpointAction = portalAction({
  permission: "endpoints:write",
  schema: endpointFormSchema.extend({ paused: checkbox }).superRefine(requireSubscription),
  run: async (form, ctx, tx) => (await createEndpoint({ ...endpointFormInput(form), paused: form.paused }, ctx, tx)).endpoint.id,
  redirectTo: (endpointId) => `/portal/endpoints/${endpointId}`,
});

export const updatePortalEndpointAction = portalAction({
  permission: "endpoints:write",
  schema: endpointFormSchema.extend({ id }).superRefine(requireSubscription),
  run: async (form, ctx, tx) => {
    await updateEndpoint({ id: form.id, ...endpointFormInput(form) }, ctx, tx);
    return null;
  },
  message: "Endpoint saved",
});

export const deletePortalEndpointAction = portalAction({
  permission: "endpoints:write",
  schema: z.object({ id }),
  run: async (input, ctx, tx) => {
    await deleteEndpoint(input, ctx, tx);
  },
  redirectTo: () => "/portal",
});

export const changePortalEndpointStatusAction = portalAction({
  permission: "endpoints:write",
  schema: z.object({ id, change: z.enum(["pause", "resume"]) }),
  run: async (input, ctx, tx) => {
    await (input.change === "pause" ? pauseEndpoint : resumeEndpoint)({ id: input.id }, ctx, tx);
    return input.change;
  },
  message: (change) => (change === "pause" ? "Endpoint paused" : "Endpoint resumed"),
});

// Revealing hands out a credential, so it takes the write permission: a read-only session sees that a secret exists.
export const revealPortalSecretAction = portalAction({
  permission: "endpoints:write",
  schema: z.object({ id }),
  run: async (input, ctx, tx) => {
    return revealEndpointSecret(input, ctx, tx);
  },
});

export const rotatePortalSecretAction = portalAction({
  permission: "endpoints:write",
  schema: z.object({ id, overlapSeconds: z.coerce.number().int().min(0).max(7 * 24 * 3600) }),
  run: async (input, ctx, tx) => {
    return rotateEndpointSecret(input, ctx, tx);
  },
});

export const sendPortalExampleAction = portalAction({
  permission: "messages:write",
  schema: sendTestFormSchema,
  run: async (input, ctx, tx) => {
    return (await withFieldIssues(() => sendTestMessage(input, ctx, tx))).message.id;
  },
  message: "Example event sent",
});

export const recoverPortalAction = portalAction({
  permission: "messages:write",
  schema: recoverFormSchema.transform(recoverSince),
  run: async (input, ctx, tx) => {
    return recoverFailedDeliveries(input, ctx, tx);
  },
  message: (r) => `${r.count} failed ${r.count === 1 ? "delivery" : "deliveries"} queued again`,
});

export const resendPortalMessageAction = portalAction({
  permission: "messages:write",
  schema: z.object({ messageId: idSchema("msg"), endpointId: id.optional() }),
  run: async (input, ctx, tx) => {
    return replayMessage(input, ctx, tx);
  },
  message: (r) => `Resent to ${r.deliveryCount} ${r.deliveryCount === 1 ? "endpoint" : "endpoints"}`,
});

/** Log-out: ends this session (a read-only one too, hence the read permission) and forgets its cookie. */
export const portalLogoutAction = portalAction({
  permission: "endpoints:read",
  schema: z.object({}),
  run: async (_input, ctx, tx) => {
    await endPortalSession(ctx, tx);
    (await cookies()).delete({ name: PORTAL_COOKIE, path: "/portal" });
  },
  redirectTo: () => "/portal/ended?reason=logout",
});
