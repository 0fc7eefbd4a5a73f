import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, it } from "vitest";
import { BroadcastProgress } from "@/components/outbound/broadcast-progress";
import type { BroadcastView } from "@/lib/outbound/schemas";

const finished: BroadcastView = {
  id: "bcast_1",
  eventType: "invoice.paid",
  version: 2,
  eventId: null,
  payload: {},
  status: "completed",
  progress: { applicationsTotal: 2000, applicationsDone: 2000, messagesCreated: 2000, deliveriesCreated: 1850 },
  lastError: null,
  createdAt: new Date("2026-01-01T00:00:00Z"),
  finishedAt: new Date("2026-01-01T00:00:05Z"),
};

it("shows each broadcast's progress, and nothing without broadcasts", () => {
  const html = renderToStaticMarkup(createElement(BroadcastProgress, { broadcasts: [finished, { ...finished, id: "bcast_2", status: "failed", lastError: "database went away", progress: { ...finished.progress, applicationsDone: 400 } }] }));
  expect(html).toContain("2,000 of 2,000 applications · 2,000 messages · 1,850 deliveries");
  expect(html).toContain("400 of 2,000 applications");
  expect(html).toContain("last batch failed: database went away");
  expect(html).toContain('aria-label="bcast_2: 400 of 2000 applications"');
  expect(renderToStaticMarkup(createElement(BroadcastProgress, { broadcasts: [] }))).toBe("");
});
