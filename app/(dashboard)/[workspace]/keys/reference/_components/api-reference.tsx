"use client";

import dynamic from "next/dynamic";
import { useTheme } from "next-themes";

import "@scalar/api-reference-react/style.css";

// Scalar mounts a Vue app in the browser; it has nothing to render on the server.
const ApiReferenceReact = dynamic(() => import("@scalar/api-reference-react").then((m) => m.ApiReferenceReact), {
  ssr: false,
  loading: () => <p className="text-sm text-muted-foreground">Loading the reference…</p>,
});

/**
 * GET /api/v1/openapi.json rendered by Scalar: navigation by resource (the document's tags), request and response
 * examples from its schemas, and "Test Request" to call the API from this page with a key pasted under
 * Authentication (kept only for this page's lifetime). Nothing is fetched from anywhere but this app: no telemetry,
 * no hosted fonts, no request proxy (the API is on this origin), no AI agent, MCP or developer-tools extras.
 */
export function ApiReference() {
  const { resolvedTheme } = useTheme();
  return (
    <div className="scalar-reference -mx-4 md:-mx-8" data-testid="api-reference">
      <ApiReferenceReact
        configuration={{
          url: "/api/v1/openapi.json",
          telemetry: false,
          withDefaultFonts: false,
          hideDarkModeToggle: true,
          forceDarkModeState: resolvedTheme === "dark" ? "dark" : "light",
          showDeveloperTools: "never",
          mcp: { disabled: true },
          agent: { disabled: true },
          persistAuth: false,
          authentication: { preferredSecurityScheme: "apiKey" },
          defaultOpenFirstTag: true,
          hideModels: false,
        }}
      />
    </div>
  );
}
