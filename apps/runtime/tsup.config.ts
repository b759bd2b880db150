import fs from "node:fs";
import { defineConfig } from "tsup";

// Workspace packages export TypeScript source, so they are bundled in; npm
// dependencies stay external and are resolved from node_modules at run time.
export default defineConfig({
  entry: ["src/main.ts"],
  format: ["esm"],
  target: "node20",
  platform: "node",
  sourcemap: true,
  clean: true,
  skipNodeModulesBundle: true,
  noExternal: [/^@ipaas\//],
  // @ipaas/db finds its SQL migrations beside the bundle (see packages/db/src/migrate.ts).
  onSuccess: async () => {
    fs.cpSync("../../packages/db/drizzle", "dist/migrations", { recursive: true });
  },
});
