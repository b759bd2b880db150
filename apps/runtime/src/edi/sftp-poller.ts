import { sftpPollInbound, type OutboundPolicy, type PollResult } from "@ipaas/connectors";
import { listSftpPartners, type KeyRing } from "@ipaas/db";
import type { Redis } from "ioredis";
import type { Logger } from "../logger";
import type { MaintenanceTask } from "../maintenance";
import { openPartnerSecrets } from "./partner-secrets";
import type { EdiDeps } from "./receive";

/** The tick: the smallest poll interval a partner may set (sftpSettingsSchema: 10 s). */
export const SFTP_TICK_MS = 10_000;

export interface SftpPollerDeps extends EdiDeps {
  keyRing: KeyRing | null;
  policy: Pick<OutboundPolicy, "checkHost">;
  redis: Redis;
  prefix: string;
  logger: Logger;
}

/**
 * Polls the inbound folder of every partner whose transport is SFTP, each at most once per its
 * `pollIntervalSeconds` across all replicas (a Redis claim for the interval), and reads each file
 * through `receiveInterchange` (docs/architecture.md "EDI documents"). A file is archived only
 * after it was stored and read; one that failed stays and is read again next time (the
 * duplicate check and the sets' event ids make a second read harmless).
 */
export async function pollSftpPartners(deps: SftpPollerDeps): Promise<Record<string, PollResult>> {
  const results: Record<string, PollResult> = {};
  // Loaded on first use: the X12 engine stays off the start-up path of a runtime that never sees EDI.
  const { receiveInterchange } = await import("./receive");
  for (const partner of await listSftpPartners(deps.db)) {
    if (partner.transport?.kind !== "sftp") continue;
    const settings = partner.transport.settings;
    const claimed = await deps.redis.set(`${deps.prefix}:sftp-poll:${partner.id}`, "1", "PX", settings.pollIntervalSeconds * 1000, "NX");
    if (claimed !== "OK") continue;
    try {
      results[partner.id] = await sftpPollInbound(
        settings,
        openPartnerSecrets(partner, deps.keyRing),
        async (file) => {
          await receiveInterchange(deps, { partnerId: partner.id, raw: file.bytes, transport: "sftp", transportRef: file.fileName });
        },
        { policy: deps.policy },
      );
      for (const f of results[partner.id]!.failed) deps.logger.warn({ partnerId: partner.id, file: f.fileName, err: f.error }, "SFTP file not read; left in place");
    } catch (err) {
      // One partner's server being down must not stop the others' polls.
      deps.logger.warn({ partnerId: partner.id, err: (err as Error).message }, "SFTP poll failed");
    }
  }
  return results;
}

export function sftpPollTask(deps: SftpPollerDeps): MaintenanceTask {
  return { name: "edi.sftp-poll", everyMs: SFTP_TICK_MS, run: () => pollSftpPartners(deps) };
}
