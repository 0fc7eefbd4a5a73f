"use server";

import { z } from "zod";
import { userAction } from "@/lib/api/actions";
import { userActor } from "@/lib/auth/session";
import { createWorkspace, workspaceNameSchema } from "@/lib/workspaces/service";

export const createWorkspaceAction = userAction({
  schema: z.object({ name: workspaceNameSchema }),
  run: (input, user, request) => createWorkspace(input, userActor(user), request),
  redirectTo: (workspace) => `/${workspace.slug}`,
});
