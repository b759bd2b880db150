import { startSftpServer, type SftpServerControl } from "@ipaas/connectors";
import { createRedisConnection } from "@ipaas/jobs";
import { selectRows } from "@ipaas/db/testing";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollSftpPartners, type SftpPollerDeps } from "../src/edi/sftp-poller";
import { createLogger } from "../src/logger";
import { createRetailer, ediDeliveries, publishEdiFlow, purchaseOrder } from "./helpers/edi";
import { startHarness, waitForRun, type Harness } from "./helpers/harness";

let h: Harness;
let sftp: SftpServerControl;
let root: string;
let deps: SftpPollerDeps;
let partnerId: string;

beforeAll(async () => {
  h = await startHarness();
  root = mkdtempSync(join(tmpdir(), "edi-sftp-"));
  mkdirSync(join(root, "outbound"));
  sftp = await startSftpServer({ root, users: [{ username: "supplier", password: "s3cret-pw" }] });
  const partner = await createRetailer(h.db, h.keyRing, {
    transport: { kind: "sftp", settings: { host: sftp.host, port: sftp.port, username: "supplier", inboundPath: "/outbound", outboundPath: "/inbound", pollIntervalSeconds: 60 } },
  }, "SFTP retailer", { password: "s3cret-pw" });
  partnerId = partner.id;
  await publishEdiFlow(h.db, partner.id);
  const redis = createRedisConnection(h.redisUrl);
  afterAll(() => redis.disconnect());
  deps = { db: h.db, runs: h.queue, deliveries: ediDeliveries(h), keyRing: h.keyRing, policy: h.connections.outbound, redis, prefix: h.prefix, logger: createLogger("silent") };
});
afterAll(async () => {
  await sftp?.close();
  await h.close();
});

describe("SFTP poller", () => {
  it("reads each file in the partner's folder through the pipeline, archives it, and polls a partner once per interval", async () => {
    writeFileSync(join(root, "outbound", "po-1.edi"), purchaseOrder({ isa13: "000000801", gs06: "801", po: "PO-SFTP" }));
    const results = await pollSftpPartners(deps);
    expect(results[partnerId]).toEqual({ processed: ["po-1.edi"], failed: [] });
    expect(readdirSync(join(root, "outbound"))).toEqual(["archive"]);
    expect(readdirSync(join(root, "outbound", "archive"))).toEqual(["po-1.edi"]);

    const [stored] = await selectRows(h.db, "ediInterchanges", { transportRef: "po-1.edi" });
    expect(stored).toMatchObject({ partnerId, transport: "sftp", status: "accepted" });
    const [set] = await selectRows(h.db, "ediTransactions", { interchangeId: stored!.id });
    expect((await waitForRun(h.db, set!.runId!)).run.output).toEqual({ po: "PO-SFTP", lines: 2 });

    // Within the partner's interval the next tick leaves its folder alone.
    writeFileSync(join(root, "outbound", "po-2.edi"), purchaseOrder({ isa13: "000000802", gs06: "802" }));
    expect(await pollSftpPartners(deps)).toEqual({});
    expect(readdirSync(join(root, "outbound")).sort()).toEqual(["archive", "po-2.edi"]);
  });
});
