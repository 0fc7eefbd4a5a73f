// The CLI's event-stream parser and request shaping: pure functions, checked with properties.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forwardHeaders, targetUrl } from "@/cli/listen.js";
import { createSseParser } from "@/cli/sse.js";

const line = fc.string({ maxLength: 40 }).filter((s) => !/[\r\n]/.test(s));

describe("createSseParser", () => {
  it("property: events survive any chunking and any line ending", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ event: fc.constantFrom("request", "ready", "response"), id: fc.nat().map(String), data: fc.array(line, { minLength: 1, maxLength: 3 }) }), { maxLength: 8 }),
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.array(fc.nat(), { maxLength: 10 }),
        (events, eol, cuts) => {
          const text = events
            .map((e) => [`: comment`, `id: ${e.id}`, `event: ${e.event}`, ...e.data.map((d) => `data: ${d}`)].join(eol) + eol + eol)
            .join("");
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const parse = createSseParser();
          const out: ReturnType<typeof parse> = [];
          let at = 0;
          for (const point of [...points, text.length]) {
            out.push(...parse(text.slice(at, point)));
            at = point;
          }
          // A final lone \r is held back until the next chunk shows whether \n follows; end of stream settles it.
          out.push(...parse("\n"));
          expect(out).toEqual(events.map((e) => ({ event: e.event, id: e.id, data: e.data.join("\n") })));
        },
      ),
    );
  });

  it("ignores events without data and keeps the field after the first colon", () => {
    const parse = createSseParser();
    expect(parse("event: ready\n\nevent: x\ndata: a: b\n\n")).toEqual([{ event: "x", data: "a: b" }]);
  });
});

describe("targetUrl and forwardHeaders", () => {
  it("appends the path suffix and the query to the forward-to URL", () => {
    expect(targetUrl("http://localhost:4000/webhooks", "/github", "a=1")).toBe("http://localhost:4000/webhooks/github?a=1");
    expect(targetUrl("http://localhost:4000/webhooks/", "", "")).toBe("http://localhost:4000/webhooks/");
    expect(targetUrl("http://localhost:4000/hooks?token=x", "/a", "b=2")).toBe("http://localhost:4000/hooks/a?token=x&b=2");
    expect(targetUrl("http://localhost:4000", "/x", "")).toBe("http://localhost:4000/x");
  });

  it("drops hop headers, keeps the rest, and keeps repeats", () => {
    expect(
      forwardHeaders([
        ["Host", "switchboard.example"],
        ["content-length", "10"],
        ["content-encoding", "gzip"],
        ["x-forwarded-for", "1.2.3.4"],
        ["X-Signature", "abc"],
        ["set-cookie", "a=1"],
        ["set-cookie", "b=2"],
      ]),
    ).toEqual({ "x-signature": "abc", "set-cookie": ["a=1", "b=2"] });
  });
});
