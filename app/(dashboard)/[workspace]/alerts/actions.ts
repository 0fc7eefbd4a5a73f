"use server";

import { z } from "zod";
import { ALERT_PARAM_SCHEMAS, ALERT_RULE_KINDS, type AlertChannelInput, type AlertRuleKind, type AlertRuleView } from "@/lib/alerts/schemas";
import { createAlertRule, deleteAlertRule, updateAlertRule } from "@/lib/alerts/rules";
import { workspaceAction } from "@/lib/api/actions";
import { idOrNotFound } from "@/lib/api/errors";
import { installAlertRecipe, installAlertRecipeSchema } from "@/lib/integrations/recipes/install";

const workspace = z.string().min(1);
const ruleId = z.string().min(1).transform((id) => idOrNotFound("alr", id, "The alert rule"));
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * The rule form's flat fields: the kind's thresholds as `params.<name>`, the scope's pickers, and one field per
 * channel (addresses, a Slack connection, a webhook URL), turned into the rule's input. A channel's refusal comes back
 * under the form field it was typed in.
 */
const ruleForm = z.object({
  workspace,
  name: z.string(),
  applicationId: z.preprocess(blank, z.string().optional()),
  endpointId: z.preprocess(blank, z.string().optional()),
  sourceId: z.preprocess(blank, z.string().optional()),
  emailTo: z.preprocess(blank, z.string().optional()),
  slackEndpointId: z.preprocess(blank, z.string().optional()),
  webhookUrl: z.preprocess(blank, z.string().optional()),
  cooldownMinutes: z.preprocess(blank, z.coerce.number().int("Use whole minutes").min(0, "0 or more").max(7 * 24 * 60, "At most 7 days").default(15)),
  enabled: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
});

type RuleForm = z.output<typeof ruleForm> & Record<string, unknown>;

function formToRule(form: RuleForm, kind: AlertRuleKind) {
  const channels: AlertChannelInput[] = [];
  const fields: string[] = [];
  if (form.emailTo) {
    channels.push({ type: "email", to: form.emailTo.split(/[\s,;]+/).filter(Boolean) });
    fields.push("emailTo");
  }
  if (form.slackEndpointId) {
    channels.push({ type: "slack", endpointId: form.slackEndpointId as never });
    fields.push("slackEndpointId");
  }
  if (form.webhookUrl) {
    channels.push({ type: "webhook", url: form.webhookUrl });
    fields.push("webhookUrl");
  }
  const params = Object.fromEntries(Object.keys(ALERT_PARAM_SCHEMAS[kind].shape).flatMap((name) => (blank(form[`params.${name}`]) === undefined ? [] : [[name, form[`params.${name}`]]])));
  const scope = (field: "applicationId" | "endpointId" | "sourceId") => (form[field] ?? null) as never;
  return {
    rule: { name: form.name, applicationId: scope("applicationId"), endpointId: scope("endpointId"), sourceId: scope("sourceId"), channels, params, cooldownSeconds: form.cooldownMinutes * 60, enabled: form.enabled },
    /** Maps a refusal's path (channels.1.url) to the form's field (webhookUrl); none at all is the channels field. */
    remap: (error: unknown) => {
      if (!(error instanceof z.ZodError)) return error;
      return new z.ZodRealError(error.issues.map((issue) => {
        if (issue.path[0] === "channels") return { ...issue, path: typeof issue.path[1] === "number" ? [fields[issue.path[1]] ?? "channels"] : ["channels"] };
        if (issue.path[0] === "cooldownSeconds") return { ...issue, path: ["cooldownMinutes"] };
        return issue;
      }));
    },
  };
}

/** Saves the form's rule with `save`; the dialog then shows a webhook secret that was just generated (only then). */
async function saveRule(form: RuleForm, kind: AlertRuleKind, save: (rule: ReturnType<typeof formToRule>["rule"]) => Promise<AlertRuleView>) {
  const { rule, remap } = formToRule(form, kind);
  const saved = await save(rule).catch((error: unknown) => {
    throw remap(error);
  });
  const webhook = saved.channels.find((c) => c.type === "webhook" && c.secret);
  return { id: saved.id, secret: webhook?.type === "webhook" ? (webhook.secret ?? null) : null };
}

export const createAlertRuleAction = workspaceAction({
  permission: "alerts:write",
  schema: ruleForm.extend({ kind: z.enum(ALERT_RULE_KINDS, { error: "Pick what the rule watches" }) }).loose(),
  run: (input, ctx, tx) => saveRule(input as RuleForm, input.kind, (rule) => createAlertRule({ ...rule, kind: input.kind }, ctx, tx)),
  message: "Alert rule created",
});

export const updateAlertRuleAction = workspaceAction({
  permission: "alerts:write",
  schema: ruleForm.extend({ id: ruleId, kind: z.enum(ALERT_RULE_KINDS) }).loose(),
  run: (input, ctx, tx) => saveRule(input as RuleForm, input.kind, (rule) => updateAlertRule({ ...rule, id: input.id }, ctx, tx)),
  message: "Alert rule saved",
});

export const deleteAlertRuleAction = workspaceAction({
  permission: "alerts:write",
  schema: z.object({ workspace, id: ruleId }),
  run: (input, ctx, tx) => deleteAlertRule(input, ctx, tx),
  message: "Alert rule deleted",
});

export const installAlertRecipeAction = workspaceAction({
  permission: "alerts:write",
  schema: installAlertRecipeSchema.extend({ workspace }),
  run: async (input, ctx, tx) => {
    const installed = await installAlertRecipe(input, ctx, tx);
    return installed.rules.map((r) => r.name);
  },
  message: (names) => `Installed: ${names.length} alert rules (${names.join(", ")}) on Slack`,
});
