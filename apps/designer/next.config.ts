import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace libraries ship TypeScript source (exports point at src/index.ts),
  // so Next has to compile them like app code.
  transpilePackages: ["@ipaas/canonical", "@ipaas/connectors", "@ipaas/db", "@ipaas/env", "@ipaas/flow", "@ipaas/jobs", "@ipaas/mapping-engine", "@ipaas/standard-mappings", "@ipaas/templates"],
  // Native/driver packages stay plain Node requires: bundling them breaks their
  // dynamic requires (pg-native probe, BullMQ's Lua scripts, PGlite's WASM files).
  // piscina finds its own worker script beside itself, and the expression sandbox's
  // worker entry (mapping-engine/src/sandbox/worker-boot.mjs) is loaded from source.
  serverExternalPackages: ["pg", "bullmq", "ioredis", "@electric-sql/pglite", "piscina"],
  // The designer is an internal tool; no need to advertise the framework.
  poweredByHeader: false,
};

export default config;
