import { z } from "zod";
import { defineConnector } from "../sdk";

export const httpConnector = defineConnector({
  id: "http",
  name: "HTTP",
  version: "0.1.0",
  auth: z.object({
    baseUrl: z.string().url(),
    bearerToken: z.string().optional(),
  }),
  secretFields: ["bearerToken"],
  actions: {
    request: {
      name: "Send request",
      description: "Send an HTTP request to the connection's base URL",
      sideEffect: true,
      input: z.object({
        method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
        path: z.string().startsWith("/"),
        body: z.unknown().optional(),
      }),
      output: z.object({ status: z.number().int(), body: z.unknown() }),
    },
  },
});
