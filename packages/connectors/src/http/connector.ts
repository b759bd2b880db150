import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { defineAction, defineConnector } from "../sdk";
import { urlUnderBase } from "../net/url";
import { authHeaders, HEADER_NAME, withAuthHeaders } from "./auth";
import { testHttpConnection } from "./test-connection";
import { httpOAuth2 } from "./oauth2";

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
    /** API-key mode: the key (a secret) is sent in the header named here, e.g. X-API-Key. */
    apiKeyHeader: z.string().regex(HEADER_NAME, "apiKeyHeader must be an HTTP header name").optional(),
    apiKey: z.string().optional(),
    /** Basic-auth mode: username (config) and password (a secret); bearer and OAuth tokens take precedence. */
    basicUsername: z.string().optional(),
    basicPassword: z.string().optional(),
    /** Shared secret for inbound webhooks: `X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. */
    webhookSecret: z.string().optional(),
    /** What the connection test GETs, relative to baseUrl (default: baseUrl itself). */
    testPath: z.string().startsWith("/", "testPath must start with /").optional(),
    /** OAuth2 refresh-token mode: the runtime trades refreshToken for an accessToken (sent as Bearer) before it expires. */
    tokenUrl: z.string().url().optional(),
    clientId: z.string().optional(),
    clientSecret: z.string().optional(),
    refreshToken: z.string().optional(),
    accessToken: z.string().optional(),
  }),
  secretFields: ["bearerToken", "apiKey", "basicPassword", "webhookSecret", "clientSecret", "refreshToken", "accessToken"],
  oauth2: httpOAuth2,
  test: testHttpConnection,
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
  polls: {
    changes: {
      name: "Poll for changes",
      description: "GET a path with ?since=<cursor>; the endpoint answers { items: [{ id, … }], cursor }",
      options: z.object({ path: z.string().startsWith("/", "path must start with /"), cursorParam: z.string().default("since") }),
      async run(ctx, { cursor, options }) {
        const { path, cursorParam } = z.object({ path: z.string(), cursorParam: z.string().default("since") }).parse(options);
        const url = urlUnderBase(String(ctx.connection.config.baseUrl), path);
        if (cursor !== null && cursor !== undefined) url.searchParams.set(cursorParam, String(cursor));
        const res = await ctx.http({ method: "GET", url: url.toString(), headers: authHeaders(ctx.connection) });
        const body = z
          .object({ items: z.array(z.looseObject({ id: z.union([z.string(), z.number()]) })), cursor: z.unknown() })
          .parse(res.body);
        // A change, not just a record: the same order updated twice is two events.
        const eventId = (item: { id: string | number; updatedAt?: unknown; version?: unknown }) =>
          item.updatedAt !== undefined || item.version !== undefined ? `${item.id}@${String(item.updatedAt ?? item.version)}` : String(item.id);
        return { items: body.items.map((item) => ({ id: eventId(item), payload: item })), cursor: body.cursor ?? cursor };
      },
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
        // The path is user input: it may never leave the connection's origin, which the credentials belong to.
        const url = urlUnderBase(String(ctx.connection.config.baseUrl), input.path);
        for (const [k, v] of Object.entries(input.query ?? {})) url.searchParams.set(k, v);
        const res = await ctx.http({
          method: input.method,
          url: url.toString(),
          headers: withAuthHeaders(ctx.connection, input.headers),
          body: input.body,
        });
        return { status: res.status, body: res.body };
      },
    }),
  },
});
