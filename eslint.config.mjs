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
  {
    files: ["apps/designer/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: reactHooks.configs.recommended.rules,
  },
);
