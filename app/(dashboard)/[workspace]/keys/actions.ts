"use server";

import { z } from "zod";
import { workspaceAction } from "@/lib/api/actions";
import { createApiKey, createKeySchema, revealRotatedKey, revokeApiKey, rollApiKey, rollKeySchema, rotationPolicySchema, setRotationPolicy } from "@/lib/keys/service";

const keyId = z.object({ keyId: z.string().min(1) });

export const createKeyAction = workspaceAction({
  permission: "keys:write",
  schema: createKeySchema,
  run: async (input, ctx, tx) => {
    const { key, apiKey } = await createApiKey(input, ctx, tx);
    return { key, name: apiKey.name };
  },
});

export const rollKeyAction = workspaceAction({
  permission: "keys:write",
  schema: rollKeySchema,
  run: async (input, ctx, tx) => {
    const { key, apiKey, oldKey } = await rollApiKey(input, ctx, tx);
    return { key, name: apiKey.name, oldKeyExpiresAt: oldKey.expiresAt?.toISOString() ?? null };
  },
});

export const revealKeyAction = workspaceAction({
  permission: "keys:write",
  schema: keyId,
  run: async (input, ctx, tx) => {
    const { key, apiKey } = await revealRotatedKey(input, ctx, tx);
    return { key, name: apiKey.name };
  },
});

export const revokeKeyAction = workspaceAction({
  permission: "keys:write",
  schema: keyId,
  run: (input, ctx, tx) => revokeApiKey(input, ctx, tx),
  message: "Key revoked",
});

export const rotationPolicyAction = workspaceAction({
  permission: "keys:write",
  schema: rotationPolicySchema,
  run: (input, ctx, tx) => setRotationPolicy(input, ctx, tx),
  message: "Rotation policy saved",
});
