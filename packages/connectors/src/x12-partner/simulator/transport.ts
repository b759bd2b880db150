import fs from "node:fs";
import path from "node:path";
import type { PartyRole } from "./parties";
import type { TransportKind } from "./store";

/** One interchange on its way to our runtime. */
export interface Delivery {
  role: PartyRole;
  text: string;
  /** File name on SFTP; AS2 carries it in Content-Disposition. */
  filename: string;
  as2From: string;
  as2To: string;
}

export interface DeliveryOutcome {
  ok: boolean;
  detail: string;
  /** HTTP status of the AS2 POST. */
  status?: number;
}

/** How the simulator sends to our runtime (docs/architecture.md "Simulators"): AS2 POST or a file in its SFTP folder. */
export interface OutboundTransport {
  readonly kind: TransportKind;
  send(delivery: Delivery): Promise<DeliveryOutcome>;
}

/** What arrived, by either transport, for the partner logic. */
export type InboundHandler = (text: string, meta: { transport: TransportKind; filename?: string }) => Promise<unknown>;

/**
 * The simulator's SFTP side as folders under one root (served over SFTP by startSftpServer),
 * with the trading partner's default paths: it drops its documents into `outbound/` (our
 * runtime polls and archives them) and polls `inbound/` for ours, moving each file it has
 * read to `archive/`.
 */
export class SftpFolders {
  readonly outbound: string;
  readonly inbound: string;
  readonly archive: string;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> = Promise.resolve();

  constructor(readonly root: string) {
    this.outbound = path.join(root, "outbound");
    this.inbound = path.join(root, "inbound");
    this.archive = path.join(root, "archive");
    for (const dir of [this.outbound, this.inbound, this.archive]) fs.mkdirSync(dir, { recursive: true });
  }

  transport(): OutboundTransport {
    return {
      kind: "sftp",
      send: async (d) => {
        // Written under a temporary name and renamed, so a poller never reads half a file.
        const target = path.join(this.outbound, d.filename);
        await fs.promises.writeFile(`${target}.part`, d.text);
        await fs.promises.rename(`${target}.part`, target);
        return { ok: true, detail: `written to outbound/${d.filename}` };
      },
    };
  }

  /** Polls inbound/ every `intervalMs`; each complete file is handed to `handler` once. */
  start(intervalMs: number, handler: InboundHandler): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => void this.pollOnce(handler).catch(() => undefined), intervalMs);
  }

  /** One pass over inbound/ (also what POST /control/poll-sftp runs); chained after a running pass. */
  pollOnce(handler: InboundHandler): Promise<number> {
    const run = this.polling.then(() => this.readInbound(handler));
    this.polling = run.then(() => undefined, () => undefined);
    return run;
  }

  private async readInbound(handler: InboundHandler): Promise<number> {
    // Our runtime writes ".<name>.<random>.part" and renames it when complete.
    const entries = await fs.promises.readdir(this.inbound, { withFileTypes: true });
    const names = entries.filter((e) => e.isFile() && !e.name.endsWith(".part") && !e.name.startsWith(".")).map((e) => e.name).sort();
    for (const name of names) {
      const file = path.join(this.inbound, name);
      const text = await fs.promises.readFile(file, "utf8");
      await fs.promises.rename(file, path.join(this.archive, `${Date.now()}-${name}`));
      await handler(text, { transport: "sftp", filename: name });
    }
    return names.length;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
  }
}
