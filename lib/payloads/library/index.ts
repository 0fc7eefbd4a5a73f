import { discordEmbed } from "@/lib/payloads/library/discord";
import { iftttIngredients } from "@/lib/payloads/library/ifttt";
import { jsonMapping } from "@/lib/payloads/library/json-mapping";
import { slackBlockKit } from "@/lib/payloads/library/slack";
import { teamsAdaptiveCard } from "@/lib/payloads/library/teams";
import { textSummary } from "@/lib/payloads/library/text";
import type { BuiltInTemplate } from "@/lib/payloads/library/types";
import { zapierFlat } from "@/lib/payloads/library/zapier";

export type { BuiltInTemplate } from "@/lib/payloads/library/types";

/** The built-in library, in the order the dashboard lists it. */
export const builtInTemplates: readonly BuiltInTemplate[] = [slackBlockKit, discordEmbed, teamsAdaptiveCard, zapierFlat, iftttIngredients, textSummary, jsonMapping];

/** A built-in by its slug (`slack-block-kit`, `zapier-flat`, `ifttt-ingredients`, ...), or undefined. */
export function builtInTemplate(id: string): BuiltInTemplate | undefined {
  return builtInTemplates.find((t) => t.id === id);
}
