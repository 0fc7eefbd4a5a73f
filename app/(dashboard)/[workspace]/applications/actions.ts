"use server";

import { z } from "zod";
import { workspaceAction } from "@/lib/api/actions";
import { AppError } from "@/lib/api/errors";
import { applicationMetadataSchema, applicationUidSchema, createApplication, deleteApplication, updateApplication } from "@/lib/applications";
import { jsonText } from "@/lib/api/form-fields";

const workspace = z.string().min(1);
const id = z.string().min(1);

/** The fields of the new and edit forms; a blank uid is none, blank metadata is {}. */
const applicationForm = z.object({
  workspace,
  name: z.string().trim().min(1, "Enter a name, such as your customer's company").max(256, "Keep the name under 256 characters"),
  uid: z.string().trim().default("").transform((uid) => uid || null).pipe(applicationUidSchema.nullable()),
  metadata: jsonText(applicationMetadataSchema, {}),
});

/** A uid another application holds is the uid field's error, not the form's. */
async function uidBesideField<R>(run: () => Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict") throw new z.ZodError([{ code: "custom", path: ["uid"], message: error.message, input: undefined }]);
    throw error;
  }
}

export const createApplicationAction = workspaceAction({
  permission: "applications:write",
  schema: applicationForm,
  run: async ({ workspace: _w, ...form }, ctx, tx) => (await uidBesideField(() => createApplication(form, ctx, tx))).id,
  redirectTo: (applicationId, form) => `/${form.workspace}/applications/${applicationId}`,
});

export const updateApplicationAction = workspaceAction({
  permission: "applications:write",
  schema: applicationForm.extend({ id }),
  run: async ({ workspace: _w, ...form }, ctx, tx) => {
    await uidBesideField(() => updateApplication(form, ctx, tx));
    return null;
  },
  message: "Application saved",
});

export const deleteApplicationAction = workspaceAction({
  permission: "applications:write",
  schema: z.object({ workspace, id }),
  run: (input, ctx, tx) => deleteApplication(input, ctx, tx),
  redirectTo: (_result, input) => `/${input.workspace}/applications`,
});
