import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCommand, turboEnv } from "../src/children";

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Issue 15: turbo's telemetry banner interrupted the first `npm start`; the project's turbo runs have telemetry off. */
describe("turbo telemetry", () => {
  it("is off, with no banner, for turbo started by devstack — even for a user turbo has never seen", async () => {
    // A fresh home: turbo's per-machine opt-out (and its "banner shown" mark) cannot help here.
    const home = await mkdtemp(path.join(tmpdir(), "turbo-home-"));
    try {
      const lines: string[] = [];
      await runCommand("npx", ["turbo", "telemetry", "status"], { cwd: rootDir, env: turboEnv({ ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, ".config") }), log: (line) => lines.push(line) });
      const output = lines.join("\n");
      expect(output).toContain("Status: Disabled");
      expect(output).not.toContain("collects completely anonymous telemetry");
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }, 120_000);

  it("is off in every package.json script that runs turbo", async () => {
    const { scripts } = JSON.parse(await readFile(path.join(rootDir, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const turboScripts = Object.entries(scripts).filter(([, command]) => /(^|\s)turbo\s/.test(command));
    expect(turboScripts.length).toBeGreaterThan(0);
    for (const [name, command] of turboScripts) expect(command, name).toMatch(/^TURBO_TELEMETRY_DISABLED=1 turbo /);
  });
});
