import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtInTemplate, builtInTemplates } from "@/lib/payloads/library";
import { MEMORY_LIMIT, OUTPUT_LIMIT, type RenderContext, renderTemplate } from "@/lib/payloads/liquid";
import { SLACK_MAX_BLOCKS, validateOutput } from "@/lib/payloads/validate";

const event = (data: unknown): RenderContext["event"] => ({ id: "msg_test", type: "thing.happened", timestamp: "2026-01-02T03:04:05.000Z", data });
const rendered = (source: string, context: RenderContext) => {
  const result = renderTemplate(source, context);
  if (!result.ok) throw new Error(`render failed: ${result.error.message} at ${result.error.line}:${result.error.column}`);
  return result.output;
};

describe("the built-in library", () => {
  const samples = builtInTemplates.map((t) => t.sampleEvent);
  for (const template of builtInTemplates) {
    it(`${template.id} renders valid ${template.target} for every sample event, with and without its vars`, () => {
      for (const sample of samples) {
        for (const vars of [{}, template.sampleVars]) {
          const output = rendered(template.source, { event: sample, vars });
          expect(validateOutput(template.target, output), `${template.id} × ${sample.type}`).toEqual({ ok: true });
        }
      }
    });
  }

  it("the Slack message is Block Kit with the event's type as header and a button from vars.url", () => {
    const slack = builtInTemplate("slack-block-kit")!;
    const message = JSON.parse(rendered(slack.source, { event: slack.sampleEvent, vars: { url: "https://example.com/x" } }));
    expect(message.blocks.map((b: { type: string }) => b.type)).toEqual(["header", "section", "context", "actions"]);
    expect(message.blocks[0].text.text).toBe("invoice.paid");
    expect(message.blocks[3].elements[0].url).toBe("https://example.com/x");
  });

  it("the Zapier template flattens top-level fields and keeps nested ones as JSON text", () => {
    const zapier = builtInTemplate("zapier-flat")!;
    const flat = JSON.parse(rendered(zapier.source, { event: event({ a: 1, b: "two", c: { d: [3] }, e: null }), vars: {} }));
    expect(flat).toEqual({ event_id: "msg_test", event_type: "thing.happened", occurred_at: "2026-01-02T03:04:05.000Z", data_a: 1, data_b: "two", data_c: '{"d":[3]}', data_e: null });
  });

  it("IFTTT's value2 is the field vars.summary_field names", () => {
    const ifttt = builtInTemplate("ifttt-ingredients")!;
    expect(JSON.parse(rendered(ifttt.source, { event: ifttt.sampleEvent, vars: ifttt.sampleVars }))).toMatchObject({ value1: "order.shipped", value2: "JD014600006281" });
  });

  // The templates that walk or embed the payload must stay valid whatever JSON it is.
  for (const id of ["json-mapping", "zapier-flat", "slack-block-kit", "discord-embed", "teams-adaptive-card", "ifttt-ingredients"]) {
    it(`${id} stays valid for arbitrary JSON data`, () => {
      const template = builtInTemplate(id)!;
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 4 }), fc.string({ maxLength: 40 }), (data, title) => {
          const output = rendered(template.source, { event: event(data), vars: { title } });
          expect(validateOutput(template.target, output)).toEqual({ ok: true });
        }),
        { numRuns: 150 },
      );
    });
  }

  it("the generic JSON mapping carries arbitrary data through unchanged", () => {
    const mapping = builtInTemplate("json-mapping")!;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (data) => {
        // JSON.parse(JSON.stringify(x)) is the value a receiver reads (-0 becomes 0).
        expect(JSON.parse(rendered(mapping.source, { event: event(data), vars: {} })).payload).toEqual(JSON.parse(JSON.stringify(data)));
      }),
      { numRuns: 200 },
    );
  });
});

describe("rendering", () => {
  const ctx = { event: event({ name: 'Ada "the first"', items: [1, 2, 3] }), vars: { channel: "#ops" } };

  it("sees the event and the vars, and dates render in UTC", () => {
    expect(rendered(`{{ event.id }} {{ event.type }} {{ event.data.name | json }} {{ event.data.items | size }} {{ vars.channel }} {{ event.timestamp | date: "%H:%M" }}`, ctx)).toBe(
      'msg_test thing.happened "Ada \\"the first\\"" 3 #ops 03:04',
    );
  });

  it("answers a syntax error with its line and column", () => {
    expect(renderTemplate("line one\n  {% if %}", ctx)).toEqual({ ok: false, error: { message: expect.stringContaining("invalid value expression"), line: 2, column: 8 } });
    expect(renderTemplate("{{ x | no_such_filter }}", ctx)).toEqual({ ok: false, error: { message: "undefined filter: no_such_filter", line: 1, column: 1 } });
    expect(renderTemplate("{% for x in y %}", ctx)).toMatchObject({ ok: false, error: { message: expect.stringContaining("not closed"), line: 1, column: 1 } });
  });

  it("never reads a file: include, render and layout are refused where they stand, a self-include included", () => {
    for (const [source, tag] of [["{% include 'self' %}", "include"], ["ok\n{% render '/etc/passwd' %}", "render"], ["{% layout 'base' %}", "layout"]] as const) {
      const result = renderTemplate(source, ctx);
      expect(result).toMatchObject({ ok: false, error: { message: `{% ${tag} %} is not available: a payload template cannot include other files` } });
    }
    expect(renderTemplate("a\n{% include 'x' %}", ctx)).toMatchObject({ error: { line: 2, column: 1 } });
  });
});

describe("hostile templates are stopped by their limits", () => {
  const ctx = { event: event({}), vars: {} };

  it("a huge range is refused by the memory limit", () => {
    expect(renderTemplate("{% for i in (1..100000000) %}{{ i }}{% endfor %}", ctx)).toMatchObject({ ok: false, error: { message: "memory alloc limit exceeded" } });
  });

  it("a billion iterations over a small array (no allocation at all) are stopped by the render limit", () => {
    const source = "{% assign a = (1..1000) %}{% for i in a %}{% for j in a %}{% for k in a %}{% endfor %}{% endfor %}{% endfor %}";
    expect(renderTemplate(source, ctx)).toMatchObject({ ok: false, error: { message: "template render limit exceeded" } });
  });

  it("string doubling with append is stopped by the memory limit", () => {
    const source = `{% assign s = "x" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}`;
    expect(renderTemplate(source, ctx)).toMatchObject({ ok: false, error: { message: "memory alloc limit exceeded", line: 1 } });
  });

  it("string doubling through capture, which liquidjs does not count, is charged too", () => {
    const source = `{% assign s = "x" %}{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s | size }}`;
    expect(renderTemplate(source, ctx)).toMatchObject({ ok: false, error: { message: "memory alloc limit exceeded" } });
    // Below the limit, capture works as usual.
    expect(renderTemplate(`{% capture s %}a{{ event.id }}{% endcapture %}{{ s }}`, ctx)).toEqual({ ok: true, output: "amsg_test" });
  });

  it("output past the output limit is refused", () => {
    const chunk = "x".repeat(1000);
    const repeat = Math.ceil(OUTPUT_LIMIT / chunk.length) + 1;
    expect(repeat).toBeLessThan(MEMORY_LIMIT);
    expect(renderTemplate(`{% for i in (1..${repeat}) %}{{ vars.chunk }}{% endfor %}`, { ...ctx, vars: { chunk } })).toMatchObject({ ok: false, error: { message: expect.stringContaining("output limit exceeded") } });
  });

  it("a source past the parse limit is refused", () => {
    expect(renderTemplate("x".repeat(100_001), ctx)).toMatchObject({ ok: false, error: { message: "parse length limit exceeded" } });
  });
});

describe("validateOutput", () => {
  it("says why JSON does not parse, and where when it ran out", () => {
    expect(validateOutput("json", '{\n  "a": 1,\n  "b": }')).toEqual({ ok: false, issues: [{ path: "", message: expect.stringContaining("Not valid JSON") }] });
    expect(validateOutput("json", '{\n  "a": [1,')).toEqual({ ok: false, issues: [{ path: "", message: expect.stringContaining("Not valid JSON"), line: 2, column: 11 }] });
  });

  it("checks Block Kit: blocks, known types, text objects and limits", () => {
    const check = (message: unknown) => validateOutput("slack", JSON.stringify(message));
    expect(check({ text: "no blocks" })).toMatchObject({ ok: false, issues: [{ path: "blocks" }] });
    expect(check({ blocks: [{ type: "sectoin", text: { type: "mrkdwn", text: "x" } }] })).toMatchObject({ ok: false, issues: [{ path: "blocks[0].type", message: expect.stringContaining("Unknown block type") }] });
    expect(check({ blocks: [{ type: "section", text: { type: "mrkdwn", text: "x".repeat(3001) } }] })).toMatchObject({ ok: false, issues: [{ path: "blocks[0].text.text", message: expect.stringContaining("3000") }] });
    expect(check({ blocks: [{ type: "header", text: { type: "mrkdwn", text: "x" } }] })).toMatchObject({ ok: false, issues: [{ path: "blocks[0].text.type" }] });
    expect(check({ blocks: [{ type: "section" }] })).toMatchObject({ ok: false, issues: [{ path: "blocks[0]", message: "A section needs text or fields" }] });
    expect(check({ blocks: Array.from({ length: SLACK_MAX_BLOCKS + 1 }, () => ({ type: "divider" })) })).toMatchObject({ ok: false, issues: [{ path: "blocks", message: expect.stringContaining("limit is 50") }] });
    expect(check({ blocks: [{ type: "divider" }, { type: "image", image_url: "https://x/y.png", alt_text: "y" }] })).toEqual({ ok: true });
  });

  it("checks Discord embeds and Teams cards", () => {
    expect(validateOutput("discord", JSON.stringify({ embeds: [{ title: "x".repeat(257) }] }))).toMatchObject({ ok: false, issues: [{ path: "embeds[0].title" }] });
    expect(validateOutput("discord", JSON.stringify({}))).toMatchObject({ ok: false, issues: [{ message: "A Discord message needs content or embeds" }] });
    expect(validateOutput("teams", JSON.stringify({ type: "message", attachments: [{ contentType: "application/json", content: { type: "AdaptiveCard", version: "1.4", body: [{ type: "TextBlock" }] } }] }))).toMatchObject({
      ok: false,
      issues: [{ path: "attachments[0].contentType" }],
    });
  });

  it("takes any text for the text target", () => {
    expect(validateOutput("text", "{ not json")).toEqual({ ok: true });
  });
});
