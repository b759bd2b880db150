import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { defineAction, defineConnector } from "../sdk";

const requestInput = z.object({
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
  path: z.string().startsWith("/", "path must start with /"),
  query: z.record(z.string(), z.string()).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
});

/** Generic HTTP/JSON: any REST endpoint under the connection's base URL. */
export const httpConnector = defineConnector({
  id: "http",
  name: "HTTP",
  version: "0.1.0",
  auth: z.object({
    baseUrl: z.string().url(),
    bearerToken: z.string().optional(),
    /** Shared secret for inbound webhooks: `X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. */
    webhookSecret: z.string().optional(),
  }),
  secretFields: ["bearerToken", "webhookSecret"],
  webhook: {
    verify(req, connection) {
      const secret = connection.secrets.webhookSecret;
      const header = req.headers["x-signature-256"];
      if (!secret || typeof header !== "string" || !header.startsWith("sha256=")) return false;
      const expected = Buffer.from(createHmac("sha256", secret).update(req.rawBody).digest("hex"));
      const given = Buffer.from(header.slice("sha256=".length));
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    eventId(req) {
      const id = req.headers["x-event-id"] ?? req.headers["idempotency-key"];
      return typeof id === "string" && id !== "" ? id : undefined;
    },
  },
  actions: {
    request: defineAction({
      name: "Send request",
      description: "Send an HTTP request to the connection's base URL",
      sideEffect: true,
      input: requestInput,
      output: z.object({ status: z.number().int(), body: z.unknown() }),
      async run(ctx, input) {
        const url = new URL(input.path.replace(/^\//, ""), String(ctx.connection.config.baseUrl).replace(/\/?$/, "/"));
        for (const [k, v] of Object.entries(input.query ?? {})) url.searchParams.set(k, v);
        const token = ctx.connection.secrets.bearerToken;
        const res = await ctx.http({
          method: input.method,
          url: url.toString(),
          headers: { ...input.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: input.body,
        });
        return { status: res.status, body: res.body };
      },
    }),
  },
});
