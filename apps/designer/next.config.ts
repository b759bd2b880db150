import type { NextConfig } from "next";

/**
 * Sent with every response (pages, API, static files). Pages get their own
 * Content-Security-Policy with a per-request nonce from src/proxy.ts; API
 * responses are data, so their policy allows nothing at all.
 */
export const SECURITY_HEADERS = [
  // Browsers must not guess a content type (an uploaded JSON rendered as HTML).
  { key: "X-Content-Type-Options", value: "nosniff" },
  // URLs can hold ids and `next` paths; other sites learn only our origin.
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Clickjacking, for browsers without CSP frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
  // The designer uses none of these devices or APIs.
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  // No other window keeps a handle on ours (window.opener).
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

const config: NextConfig = {
  // Workspace libraries ship TypeScript source (exports point at src/index.ts),
  // so Next has to compile them like app code.
  transpilePackages: ["@ipaas/canonical", "@ipaas/connectors", "@ipaas/db", "@ipaas/env", "@ipaas/execution", "@ipaas/flow", "@ipaas/jobs", "@ipaas/mapping-engine", "@ipaas/standard-mappings", "@ipaas/templates", "@ipaas/x12"],
  // Native/driver packages stay plain Node requires: bundling them breaks their
  // dynamic requires (pg-native probe, BullMQ's Lua scripts).
  // piscina finds its own worker script beside itself, and the expression sandbox's
  // worker entry (mapping-engine/src/sandbox/worker-boot.mjs) is loaded from source.
  // ssh2 (EDI's SFTP transport, via @ipaas/connectors) probes optional native crypto bindings.
  serverExternalPackages: ["pg", "bullmq", "ioredis", "undici", "piscina", "ssh2", "ssh2-sftp-client"],
  // The designer is an internal tool; no need to advertise the framework.
  poweredByHeader: false,
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default config;
