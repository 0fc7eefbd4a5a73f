import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

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
  { ignores: [".next/**", "dist/**", "node_modules/**", ".data/**", "db/migrations/**", "next-env.d.ts", "test-results/**"] },
];

export default config;
