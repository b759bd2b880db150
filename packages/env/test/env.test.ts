import { describe, expect, it } from "vitest";
import { EnvError, loadDesignerEnv, loadFlowVariables, loadRuntimeEnv, publicRuntimeUrl } from "../src";

describe("env", () => {
  it("validates once and names the bad variable", () => {
    expect(() => loadRuntimeEnv({ DATABASE_URL: "not a url", REDIS_URL: "redis://x" })).toThrow(EnvError);
    expect(() => loadRuntimeEnv({ DATABASE_URL: "not a url", REDIS_URL: "redis://x" })).toThrow(/DATABASE_URL/);
    expect(loadRuntimeEnv({ DATABASE_URL: "postgres://a@b/c", REDIS_URL: "redis://x" })).toMatchObject({ RUNTIME_PORT: 3001, RUNTIME_MIGRATE: true });
  });

  it("exposes only FLOW_VAR_* to flows, without the prefix", () => {
    expect(loadFlowVariables({ FLOW_VAR_REGION: "eu", DATABASE_URL: "postgres://secret", FLOW_VAR_X: "1" })).toEqual({ REGION: "eu", X: "1" });
  });

  it("shows users PUBLIC_RUNTIME_URL, falling back to RUNTIME_URL", () => {
    const base = { DATABASE_URL: "postgres://a@b/c", REDIS_URL: "redis://x", RUNTIME_URL: "http://runtime:3001" };
    expect(publicRuntimeUrl(loadDesignerEnv({ ...base, PUBLIC_RUNTIME_URL: "https://ipaas.example.com/" }))).toBe("https://ipaas.example.com");
    expect(publicRuntimeUrl(loadDesignerEnv(base))).toBe("http://runtime:3001");
    expect(() => loadDesignerEnv({ ...base, PUBLIC_RUNTIME_URL: "ipaas.example.com" })).toThrow(/PUBLIC_RUNTIME_URL/);
  });
});
