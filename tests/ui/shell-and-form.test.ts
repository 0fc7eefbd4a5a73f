import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { FormError, FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { NAV_ITEMS, isNavItemActive, navHref, navItemsFor } from "@/components/shell/sidebar";
import { initials } from "@/components/shell/user-menu";

describe("sidebar navigation", () => {
  it("links every area under the workspace slug", () => {
    const hrefs = NAV_ITEMS.map((item) => navHref("acme", item.segment));
    expect(hrefs).toEqual([
      "/acme",
      "/acme/applications",
      "/acme/endpoints",
      "/acme/event-types",
      "/acme/sources",
      "/acme/messages",
      "/acme/keys",
      "/acme/templates",
      "/acme/integrations",
      "/acme/monitoring",
      "/acme/alerts",
      "/acme/testing",
      "/acme/audit",
      "/acme/settings",
    ]);
  });

  it("offers each role only the pages it may open: no audit log for developers and viewers", () => {
    const labels = (role: Parameters<typeof navItemsFor>[0]) => navItemsFor(role).map((item) => item.label);
    expect(labels("owner")).toEqual(NAV_ITEMS.map((item) => item.label));
    expect(labels("admin")).toContain("Audit log");
    for (const role of ["developer", "viewer"] as const) {
      expect(labels(role)).not.toContain("Audit log");
      expect(labels(role)).toContain("Settings");
    }
  });

  it("marks the overview active only on its exact path", () => {
    expect(isNavItemActive("/acme", "acme", "")).toBe(true);
    expect(isNavItemActive("/acme/endpoints", "acme", "")).toBe(false);
  });

  it("marks a section active on its sub-pages but not on look-alike prefixes", () => {
    expect(isNavItemActive("/acme/endpoints", "acme", "endpoints")).toBe(true);
    expect(isNavItemActive("/acme/endpoints/ep_123", "acme", "endpoints")).toBe(true);
    expect(isNavItemActive("/acme/endpoints-old", "acme", "endpoints")).toBe(false);
    expect(isNavItemActive("/other/endpoints", "acme", "endpoints")).toBe(false);
  });
});

describe("user initials", () => {
  it("takes the first and last name's initials, else the start of the name or email", () => {
    expect(initials({ name: "Ada King Lovelace", email: "ada@example.com" })).toBe("AL");
    expect(initials({ name: "  grace  ", email: "g@example.com" })).toBe("GR");
    expect(initials({ name: null, email: "linus@example.com" })).toBe("LI");
  });
});

describe("FormField", () => {
  it("wires the control to its label, description and error for assistive technology", () => {
    const html = renderToStaticMarkup(
      // FormField uses no hooks, so calling it builds the same tree as rendering it.
      FormField({
        label: "URL",
        htmlFor: "url",
        error: ["Enter a URL", "Use https"],
        description: "Where we POST",
        children: createElement(Input, { name: "url" }),
      }),
    );
    const input = html.match(/<input[^>]*>/)?.[0] ?? "";
    expect(input).toContain('id="url"');
    expect(input).toContain('aria-invalid="true"');
    expect(input).toContain('aria-describedby="url-description url-message"');
    expect(html).toContain('for="url"');
    expect(html).toMatch(/id="url-message"[^>]*>.*Enter a URL.*Use https/);
    expect(html).toMatch(/id="url-description"[^>]*>Where we POST/);
  });

  it("leaves a valid control unmarked and renders no message", () => {
    const html = renderToStaticMarkup(
      FormField({
        label: "URL",
        htmlFor: "url",
        error: [],
        children: createElement(Input, { name: "url" }),
      }),
    );
    // Match attributes, not the `aria-invalid:` variants in the class list.
    expect(html).not.toMatch(/ aria-invalid=/);
    expect(html).not.toMatch(/ aria-describedby=/);
    expect(html).not.toContain("url-message");
  });

  it("renders a form-level error as an alert, and nothing without one", () => {
    expect(renderToStaticMarkup(createElement(FormError, { error: "Could not save" }))).toMatch(
      /role="alert".*Could not save/,
    );
    expect(renderToStaticMarkup(createElement(FormError, { error: undefined }))).toBe("");
  });
});
