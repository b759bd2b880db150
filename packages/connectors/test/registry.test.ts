import { z } from "zod";
import { describe, expect, it } from "vitest";
import { ConnectorRegistry, defineConnector, registry } from "../src";

describe("connector registry", () => {
  it("lists the registered connectors", () => {
    expect(registry.get("http")?.secretFields).toEqual(["bearerToken", "apiKey", "basicPassword", "webhookSecret", "clientSecret", "refreshToken", "accessToken"]);
  });

  it("refuses a secret field missing from the auth schema", () => {
    expect(() =>
      defineConnector({ id: "x", name: "X", version: "1", auth: z.object({ a: z.string() }), secretFields: ["token"], actions: {} }),
    ).toThrow(/token/);
  });

  it("refuses duplicate ids", () => {
    const c = defineConnector({ id: "dup", name: "D", version: "1", auth: z.object({}), secretFields: [], actions: {} });
    expect(() => new ConnectorRegistry().register(c).register(c)).toThrow(/twice/);
  });
});
