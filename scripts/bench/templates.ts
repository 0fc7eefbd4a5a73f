import { builtInTemplate } from "../../lib/payloads/library";
import { renderTemplate } from "../../lib/payloads/liquid";
import { report } from "./harness";

/** Calls per second of `fn` over a fixed count, after a warm-up (JIT, the parsed-template cache). */
function rate(fn: () => unknown, calls: number): number {
  for (let i = 0; i < Math.min(calls / 10, 2000); i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) fn();
  return calls / ((performance.now() - t0) / 1000);
}

/**
 * Liquid rendering of the Slack built-in against its sample event, per second, against JSON.stringify of the same
 * event (what the default envelope costs). In process, no I/O: the figure is the renderer's own cost per delivery.
 */
export async function benchTemplates() {
  console.log("\n## Payload templates");
  const slack = builtInTemplate("slack-block-kit")!;
  const context = { event: slack.sampleEvent, vars: slack.sampleVars };
  const check = renderTemplate(slack.source, context);
  if (!check.ok) throw new Error(`the Slack template does not render: ${check.error.message}`);
  const calls = 20_000;
  const stringify = rate(() => JSON.stringify({ type: context.event.type, timestamp: context.event.timestamp, data: context.event.data }), calls * 10);
  const rendered = rate(() => renderTemplate(slack.source, context), calls);
  report("template render (Slack Block Kit built-in)", rendered, stringify, "renders/s");
}
