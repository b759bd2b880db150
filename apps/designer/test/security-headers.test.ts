import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import config, { API_CONTENT_SECURITY_POLICY } from "../next.config";
import { proxy } from "../src/proxy";

// The headers every designer response carries. The e2e suite checks in Chromium
// that the page policy does not block the app (no CSP violations in the console).
const page = (path: string, signedIn = true) =>
  proxy(new NextRequest(`http://localhost:3000${path}`, { headers: signedIn ? { cookie: "better-auth.session_token=abc.def" } : {} }));
const directives = (csp: string) => new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe("page Content-Security-Policy (src/proxy.ts)", () => {
  it("allows scripts only from this origin and with this response's nonce, and no framing", () => {
    const csp = page("/flows").headers.get("content-security-policy")!;
    const d = directives(csp);
    const script = d.get("script-src")!;
    expect(script).toContain("'self'");
    expect(script.some((s) => /^'nonce-[A-Za-z0-9+/=]{20,}'$/.test(s))).toBe(true);
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("default-src")).toEqual(["'self'"]);
  });

  it("hands the same policy to Next on the request (so its inline scripts get the nonce), fresh per request", () => {
    const first = page("/flows");
    const onResponse = first.headers.get("content-security-policy");
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(onResponse);
    expect(page("/flows").headers.get("content-security-policy")).not.toBe(onResponse);
  });

  it("is on the sign-in redirect and on public pages too", () => {
    const redirect = page("/runs", false);
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(page("/sign-in", false).headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
  });
});

describe("headers of every response (next.config.ts)", () => {
  it("sets nosniff, a referrer policy, no framing and no device APIs everywhere, and a deny-all policy on the API", async () => {
    const rules = await config.headers!();
    const all = rules.find((r) => r.source === "/:path*")!;
    const headers = new Map(all.headers.map((h) => [h.key.toLowerCase(), h.value]));
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(headers.get("x-frame-options")).toBe("DENY");
    expect(headers.get("permissions-policy")).toMatch(/camera=\(\)/);
    const api = rules.find((r) => r.source === "/api/:path*")!;
    expect(api.headers).toEqual([{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }]);
    expect(API_CONTENT_SECURITY_POLICY).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
