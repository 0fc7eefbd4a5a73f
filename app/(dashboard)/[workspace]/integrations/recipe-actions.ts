"use server";

import { z } from "zod";
import { workspaceAction } from "@/lib/api/actions";
import type { InstalledParts } from "@/components/integrations/recipes-section";
import { installRecipe, installRecipeSchema } from "@/lib/integrations/recipes/install";

/** Installs a recipe; answers what it made (ids and names for the links, never the endpoint's secret). */
export const installRecipeAction = workspaceAction({
  permission: "sources:write",
  schema: installRecipeSchema.extend({
    workspace: z.string().min(1),
    // Empty form fields mean "not given".
    application: z.preprocess((v) => v || undefined, installRecipeSchema.shape.application),
    sourceName: z.preprocess((v) => v || undefined, installRecipeSchema.shape.sourceName),
    sourceSecret: z.preprocess((v) => v || undefined, installRecipeSchema.shape.sourceSecret),
  }),
  run: async ({ workspace: _w, ...input }, ctx, tx): Promise<InstalledParts> => {
    const installed = await installRecipe(input, ctx, tx);
    return {
      recipe: installed.recipe.name,
      source: { id: installed.source.id, name: installed.source.name, url: installed.source.url },
      template: { id: installed.template.id, name: installed.template.name },
      endpoint: { id: installed.endpoint.id, url: installed.endpoint.url },
      connection: { id: installed.connection.id, name: installed.connection.name },
    };
  },
  message: (result) => `Installed ${result.recipe}.`,
});
