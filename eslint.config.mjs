import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";
import { readdirSync } from "node:fs";
import path from "node:path";

const LIB_OUTWARD =
  "lib/ must not import app/, inngest/ or cli/: they depend on lib, not the other way round (move the shared code into lib, or have lib define an interface that they implement and register, like DeliveryDriver).";
const CROSS_DOMAIN = (domain) =>
  `lib/${domain}/ may use another domain only through its index ("@/lib/<domain>"), not its files: export what you need from that domain's index.ts.`;
const UI_BUSINESS = "components/ui is presentation only: it may use @/lib/ui (cn, durations) but no business code (lib/, db/, app/); pass data in as props.";

/** The domain folders of lib/ (it holds nothing else), read here so a new domain is bounded from its first file. */
const LIB_DOMAINS = readdirSync(path.join(import.meta.dirname, "lib"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * The request-bound faces, kept out of their domains' indexes because they need Next's request runtime (next/headers,
 * Auth.js): other request-bound lib/ code imports them by path, so the worker, scripts and tests never load Next.
 */
const REQUEST_BOUND = ["api/actions", "auth/session"];

/** no-restricted-imports patterns: alias paths (gitignore-style, "!" allows) and regexes for the relative forms. */
function restrict(message, group, relative) {
  return [...(group.length ? [{ group, message }] : []), ...relative.map((regex) => ({ regex: regex.source, message }))];
}

const config = [
  ...nextVitals,
  ...nextTs,
  {
    plugins: { drizzle },
    rules: {
      // A delete or update without a where clause wipes every workspace's rows; the plugin refuses it on our db objects.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx", "t"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx", "t"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Boundaries: lib/ is the domain and knows nothing of the app, the Inngest runner or the CLI that use it; a lib/
  // domain reaches another only through its index.ts; and components/ui is presentation only. The relative forms are
  // refused too, so "../../app/x" cannot slip past.
  // One block per domain folder (a later block would replace, not extend, the rule for the same file), each refusing
  // the outward imports and another domain's files: "@/lib/<other>/x", "../<other>/x" and "../../lib/<other>/x".
  ...LIB_DOMAINS.map((domain) => ({
    files: [`lib/${domain}/**`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...restrict(LIB_OUTWARD, ["@/app", "@/app/**", "@/inngest", "@/inngest/**", "@/cli", "@/cli/**"], [/^(\.\.\/)+(app|inngest|cli)(\/|$)/]),
            ...restrict(CROSS_DOMAIN(domain), [], [
              // lib/api/v1-schemas.ts and lib/platform/id-types.ts are exceptions: the cross-cutting output shapes
              // (timestamps, lists, errors) and the typed ids, zod only, which each domain's client-safe schemas.ts builds
              // on without loading a server-side index. So are the request-bound faces (REQUEST_BOUND).
              new RegExp(`^@/lib/(?!${domain}/)(?!(${[...REQUEST_BOUND, "api/v1-schemas", "platform/id-types"].join("|")})$)[^/]+/`),
              new RegExp(`^\\.\\./(?!${domain}(/|$))[^./][^/]*`),
              new RegExp(`^\\.\\./\\.\\./lib/(?!${domain}/)`),
            ]),
          ],
        },
      ],
    },
  })),
  {
    files: ["components/ui/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          // "@/lib/**" rather than "@/lib": an excluded parent could not have "@/lib/ui" allowed again.
          patterns: restrict(UI_BUSINESS, ["@/lib/**", "!@/lib/ui", "!@/lib/ui/**", "@/db", "@/db/**", "@/app", "@/app/**"], [
            /^(\.\.\/)+(db|app)(\/|$)/,
            /^(\.\.\/)+lib(\/(?!ui(\/|$))|$)/,
          ]),
        },
      ],
    },
  },
  { ignores: [".next/**", "dist/**", "node_modules/**", ".data/**", "db/migrations/**", "next-env.d.ts", "test-results/**"] },
];

export default config;
