import { createOutboundPolicy } from "@ipaas/connectors";
import { describe, expect, it } from "vitest";
import { localOutboundAllow } from "../src/stack";

describe("the embedded stack's outbound allow-list", () => {
  const started = ["http://127.0.0.1:3101", "http://127.0.0.1:3102", "http://127.0.0.1:3001"];

  it("names exactly the simulators and the runtime it started, after the user's own entries", async () => {
    const allow = localOutboundAllow("erp.internal:8443", undefined, started);
    expect(allow).toBe("erp.internal:8443,127.0.0.1:3101,127.0.0.1:3102,127.0.0.1:3001");
    const policy = createOutboundPolicy({ allow });
    await expect(policy.checkHost("127.0.0.1", 3101)).resolves.toEqual(["127.0.0.1"]);
    // Another loopback port (say, Postgres or Redis of the same stack) stays refused.
    await expect(policy.checkHost("127.0.0.1", 5432)).rejects.toMatchObject({ rule: "loopback" });
  });

  it("prefers the launcher's own appEnv over the inherited environment", () => {
    expect(localOutboundAllow("from-env.example", "from-options.example", [])).toBe("from-options.example");
    expect(localOutboundAllow(undefined, undefined, ["http://127.0.0.1:9"])).toBe("127.0.0.1:9");
  });
});
