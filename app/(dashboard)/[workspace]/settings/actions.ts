"use server";

import { z } from "zod";
import { workspaceAction } from "@/lib/api/actions";
import { ROLES } from "@/lib/auth/permissions";
import { checkbox } from "@/lib/api/form-fields";
import { setLocalTesting } from "@/lib/net/local-testing";
import { updatePortalSettings } from "@/lib/workspaces/portal-settings";
import { retentionSettingsSchema, updateRetentionSettings } from "@/lib/retention";
import {
  changeMemberRole,
  inviteMember,
  inviteSchema,
  removeMember,
  revokeInvitation,
  updateWorkspaceSettings,
  workspaceSettingsSchema,
} from "@/lib/workspaces/service";

export const updateWorkspaceAction = workspaceAction({
  permission: "workspace:write",
  schema: workspaceSettingsSchema,
  run: (input, ctx, tx) => updateWorkspaceSettings(input, ctx, tx),
  message: "Settings saved",
});

export const setLocalTestingAction = workspaceAction({
  permission: "workspace:write",
  schema: z.object({ enabled: checkbox }),
  run: (input, ctx, tx) => setLocalTesting(input, ctx, tx),
  message: (r) => (r.enabled ? "Local testing on: endpoints may reach this machine" : "Local testing off"),
});

export const inviteMemberAction = workspaceAction({
  permission: "members:write",
  schema: inviteSchema,
  run: async (input, ctx, tx) => {
    const { invitation } = await inviteMember(input, ctx, tx);
    return { email: invitation.email };
  },
  message: (r) => `Invitation sent to ${r.email}`,
});

export const revokeInvitationAction = workspaceAction({
  permission: "members:write",
  schema: z.object({ invitationId: z.string().min(1) }),
  run: (input, ctx, tx) => revokeInvitation(input, ctx, tx),
  message: "Invitation revoked",
});

export const removeMemberAction = workspaceAction({
  permission: "members:write",
  schema: z.object({ userId: z.string().min(1) }),
  run: (input, ctx, tx) => removeMember(input, ctx, tx),
  message: "Member removed",
});

export const changeRoleAction = workspaceAction({
  permission: "members:write",
  schema: z.object({ userId: z.string().min(1), role: z.enum(ROLES) }),
  run: (input, ctx, tx) => changeMemberRole(input, ctx, tx),
  message: "Role changed",
});

// Leaving needs only membership (read access); removeMember still refuses the last owner.
export const leaveWorkspaceAction = workspaceAction({
  permission: "workspace:read",
  schema: z.object({}),
  run: (_input, ctx, tx) => removeMember({ userId: ctx.actor.id! }, ctx, tx),
  redirectTo: () => "/",
});

export const updatePortalSettingsAction = workspaceAction({
  permission: "workspace:write",
  // The core function parses the form's text fields itself (its transforms read them), and its errors land by field.
  schema: z.object({ displayName: z.string(), logoUrl: z.string(), accentColor: z.string(), accentColorDark: z.string(), frameOrigins: z.string() }).partial(),
  run: (input, ctx, tx) => updatePortalSettings({ displayName: "", logoUrl: "", accentColor: "", accentColorDark: "", ...input }, ctx, tx),
  message: "Portal settings saved",
});

export const updateRetentionAction = workspaceAction({
  permission: "workspace:write",
  schema: retentionSettingsSchema,
  run: (input, ctx, tx) => updateRetentionSettings(input, ctx, tx),
  message: (r) => `Retention saved: payloads ${r.payloadRetentionDays} days, metadata ${r.metadataRetentionDays} days`,
});
