import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` is used: migrations are committed SQL under ./drizzle
// and applied by src/migrate.ts (never `push` outside throw-away local databases).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "./drizzle",
});
