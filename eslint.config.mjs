import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/.turbo/**", ".data/**", "e2e/test-results/**", "e2e/playwright-report/**", "**/next-env.d.ts"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Env is validated once in @ipaas/env; everything else gets typed values passed in.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through @ipaas/env." }],
    },
  },
  {
    // Also the launchers of child processes, which hand the environment on with additions.
    files: ["packages/env/**", "packages/devstack/**", "e2e/**", "apps/runtime/test/helpers/process.ts", "tooling/fuzz-run.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  // Layering (docs/architecture.md "Layering rules"). Workspace hoisting puts every
  // package in the root node_modules, so a wrong import would compile silently: lint says no.
  {
    files: ["packages/{flow,mapping-engine,canonical,standard-mappings,x12}/**/*.{ts,tsx,mts,mjs}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@ipaas/db", "@ipaas/db/*", "@ipaas/jobs", "@ipaas/jobs/*", "@ipaas/execution", "@ipaas/execution/*", "bullmq", "ioredis", "pg", "pg/*", "next", "next/*", "**/packages/db/**", "**/packages/jobs/**", "**/packages/execution/**"],
              message: "Pure packages (flow, mapping-engine, canonical, standard-mappings, x12) import no database, queue or framework: take what you need as a parameter.",
            },
          ],
        },
      ],
    },
  },
  {
    // @ipaas/execution is built on these (connectors, db): only the apps import it.
    files: ["packages/{connectors,db,jobs,env,templates,devstack}/**/*.{ts,tsx,mts,mjs}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@ipaas/execution", "@ipaas/execution/*", "**/packages/execution/**"], message: "The step's execution plumbing (@ipaas/execution) is for the apps; it imports connectors and db, so they cannot import it." }] },
      ],
    },
  },
  {
    files: ["apps/designer/**/*.{ts,tsx,mts,mjs}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@ipaas/runtime", "@ipaas/runtime/*", "**/apps/runtime/**", "**/runtime/src/**"], message: "The designer and the runtime never import each other: share code through a package." }] },
      ],
    },
  },
  {
    files: ["apps/runtime/**/*.{ts,tsx,mts,mjs}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@ipaas/designer", "@ipaas/designer/*", "**/apps/designer/**", "**/designer/src/**"], message: "The designer and the runtime never import each other: share code through a package." }] },
      ],
    },
  },
  {
    files: ["apps/designer/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: reactHooks.configs.recommended.rules,
  },
);
