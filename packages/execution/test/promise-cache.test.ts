import { describe, expect, it } from "vitest";
import { PromiseCache } from "../src";

describe("PromiseCache", () => {
  it("shares one load between concurrent callers and expires after the TTL", async () => {
    const cache = new PromiseCache<number>({ ttlMs: 50, limit: 10 });
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.get("a", load), cache.get("a", load)])).toEqual([1, 1]);
    await new Promise((r) => setTimeout(r, 60));
    expect(await cache.get("a", load)).toBe(2);
  });

  it("does not cache failures and evicts the oldest beyond the limit", async () => {
    const cache = new PromiseCache<string>({ ttlMs: Infinity, limit: 2 });
    await expect(cache.get("x", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("x", async () => "up")).toBe("up");
    let reloaded = false;
    await cache.get("y", async () => "y");
    await cache.get("z", async () => "z"); // x is the oldest: evicted
    await cache.get("x", async () => ((reloaded = true), "again"));
    expect(reloaded).toBe(true);
  });
});
