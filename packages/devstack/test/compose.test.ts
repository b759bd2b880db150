import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

/*
 * Issue 13, finding 5: the production compose file. These assertions read the files
 * `docker compose` and Caddy read; `docker compose config` and `caddy adapt` check the
 * syntax (README "Running in production").
 */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const composeText = fs.readFileSync(path.join(rootDir, "docker-compose.yml"), "utf8");

interface Service {
  image?: string;
  command?: string | string[];
  environment?: Record<string, string>;
  ports?: unknown[];
  expose?: unknown[];
  volumes?: string[];
}
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

/** Every variable compose interpolates, with its operator (":?" required, ":-" default). */
function interpolations(text: string): Array<{ name: string; operator: string | null }> {
  return [...text.matchAll(/\$\{([A-Z0-9_]+)(:?[?-])?[^}]*\}/g)].map((m) => ({ name: m[1]!, operator: m[2] ?? null }));
}

const SECRETS = ["POSTGRES_PASSWORD", "REDIS_PASSWORD", "IPAAS_ENCRYPTION_KEY", "IPAAS_AUTH_SECRET", "IPAAS_ADMIN_PASSWORD"];

describe("docker-compose.yml", () => {
  it("publishes ports from the proxy only", () => {
    const publishing = Object.entries(services)
      .filter(([, s]) => (s.ports ?? []).length > 0)
      .map(([name]) => name);
    expect(publishing).toEqual(["proxy"]);
    expect(services.proxy?.image).toMatch(/^caddy:/);
    expect(services.runtime?.expose).toEqual(["3001"]);
  });

  it("runs Redis with a required password and AOF, unpublished", () => {
    const redis = services.redis!;
    expect(redis.ports).toBeUndefined();
    const command = [redis.command ?? []].flat().join(" ");
    expect(command).toMatch(/requirepass %s.*"\$\$REDIS_PASSWORD"/s);
    expect(command).toContain("--appendonly yes");
    expect(redis.environment?.REDIS_PASSWORD).toMatch(/^\$\{REDIS_PASSWORD:\?/);
    // The apps authenticate with the same password.
    expect(services.runtime?.environment?.REDIS_URL).toMatch(/^redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]*\}@redis:6379$/);
  });

  it("has no default for any password or secret, and requires each one by name", () => {
    const all = interpolations(composeText);
    const defaulted = all.filter((v) => v.operator !== ":?" && /PASSWORD|SECRET|KEY|TOKEN/.test(v.name));
    expect(defaulted).toEqual([]);
    for (const name of SECRETS) {
      const uses = all.filter((v) => v.name === name);
      expect(uses.length, name).toBeGreaterThan(0);
      // The message after ":?" is what compose prints; it names the variable to set.
      expect(composeText).toMatch(new RegExp(`\\$\\{${name}:\\?set ${name}`));
    }
    expect(services.postgres?.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });

  it("shows users the public URL, not the compose-internal runtime address", () => {
    const designer = services.designer!.environment!;
    expect(designer.PUBLIC_RUNTIME_URL).toMatch(/^\$\{IPAAS_PUBLIC_URL/);
    expect(designer.PUBLIC_RUNTIME_URL).not.toContain("runtime:");
    expect(designer.DESIGNER_URL).toBe(designer.PUBLIC_RUNTIME_URL);
  });
});

/** `handle <matcher> { … }` blocks of a Caddyfile site, with their matcher's paths (brace-balanced, one level deep). */
function caddyRoutes(text: string): Array<{ paths: string[] | "*"; body: string }> {
  const lines = text.split("\n").map((l) => l.replace(/#.*$/, "").trim());
  const matchers = new Map<string, string[]>();
  for (const line of lines) {
    const m = /^@(\w+)\s+path\s+(.+)$/.exec(line);
    if (m) matchers.set(m[1]!, m[2]!.split(/\s+/));
  }
  const routes: Array<{ paths: string[] | "*"; body: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^handle(?:\s+@(\w+))?\s*\{$/.exec(lines[i]!);
    if (!m) continue;
    let depth = 1;
    const body: string[] = [];
    for (i++; i < lines.length && depth > 0; i++) {
      depth += (lines[i]!.match(/\{/g) ?? []).length - (lines[i]!.match(/\}/g) ?? []).length;
      if (depth > 0) body.push(lines[i]!);
    }
    i--;
    routes.push({ paths: m[1] ? matchers.get(m[1]) ?? [] : "*", body: body.join("\n") });
  }
  return routes;
}

describe("deploy/Caddyfile", () => {
  const mount = services.proxy!.volumes!.find((v) => v.endsWith(":/etc/caddy/Caddyfile:ro"))!;
  const caddyfile = fs.readFileSync(path.join(rootDir, mount.split(":")[0]!), "utf8");
  const routes = caddyRoutes(caddyfile);
  const routeOf = (p: string) => routes.find((r) => r.paths !== "*" && r.paths.includes(p));

  it("takes its site address from IPAAS_DOMAIN (automatic TLS for a host name, :80 locally)", () => {
    expect(caddyfile).toMatch(/^\{\$IPAAS_DOMAIN::80\} \{$/m);
  });

  it("sends the ingress to every runtime replica and the rest to the designer", () => {
    for (const p of ["/v1/*", "/healthz"]) {
      const route = routeOf(p);
      expect(route?.body, p).toMatch(/reverse_proxy/);
      expect(route?.body, p).toMatch(/dynamic a \{\s*name runtime\s*port 3001/);
    }
    expect(routes.find((r) => r.paths === "*")?.body).toMatch(/^reverse_proxy designer:3000$/m);
  });

  it("does not expose /metrics or /openapi.json", () => {
    for (const p of ["/metrics", "/metrics/*", "/openapi.json"]) {
      const route = routeOf(p);
      expect(route?.body, p).toMatch(/^respond "[^"]*" 404$/m);
      expect(route?.body, p).not.toContain("reverse_proxy");
    }
  });
});
