import { z } from "zod";
import { ACK_MODES } from "./acks";
import { INJECTED_ERRORS } from "./documents";
import { MDN_ERRORS, type PartnerFault, type PartnerFaults } from "./faults";
import type { ControlCounters, EnvelopeSettings, PartyRole, X12Party } from "./parties";
import type { Partner, PartnerConfig } from "./partner";
import type { PartnerDocument, PartnerStore } from "./store";
import type { SftpFolders } from "./transport";

const transportKind = z.enum(["as2", "sftp"]);

/** Bodies of the control API, checked once here for HTTP and in-process callers alike. */
export const configPatchSchema = z
  .object({
    ackMode: z.enum(ACK_MODES),
    lateSeconds: z.number().min(0).max(86_400),
    shipDelaySeconds: z.number().min(0).max(86_400),
    targetUrl: z.url().nullable(),
    transport: transportKind,
  })
  .partial();

export const send850Schema = z.object({
  lines: z
    .union([
      z.number().int().min(1).max(50),
      z.array(z.object({ sku: z.string().regex(/^[A-Za-z0-9 .\-/]{1,48}$/), quantity: z.number().int().positive(), price: z.number().positive().optional() })).min(1).max(200),
    ])
    .optional(),
  poNumber: z.string().regex(/^[A-Za-z0-9-]{1,22}$/, "1 to 22 letters, digits or dashes").optional(),
  error: z.enum(INJECTED_ERRORS).optional(),
  transport: transportKind.optional(),
});

export const faultSchema = z.object({
  status: z.number().int().min(400).max(599).optional(),
  mdnError: z.enum(MDN_ERRORS).optional(),
  drop: z.boolean().optional(),
  delayMs: z.number().int().min(0).max(120_000).optional(),
  count: z.number().int().min(1).max(1000).optional(),
});

export interface PartnerIdentity {
  retailer: X12Party & { as2Name: string };
  "3pl": X12Party & { as2Name: string };
  /** Us as the simulator expects us: the receiver of what it sends. */
  us: X12Party & { as2Name: string };
  version: EnvelopeSettings["version"];
  delimiters: EnvelopeSettings["delimiters"];
  /** The simulator's AS2 certificate (PEM), for the trading partner's partnerCertificate. */
  as2Certificate: string;
}

export interface PartnerState {
  identity: PartnerIdentity;
  config: PartnerConfig;
  faults: PartnerFault[];
  /** Transaction sets per id, e.g. received {"855": 1, "856": 1, "810": 1, "997": 1}. */
  counts: { received: Record<string, number>; sent: Record<string, number> };
  /** Whether every received document's control numbers follow its sender's previous ones. */
  consecutive: boolean;
  documents: PartnerDocument[];
}

const countSets = (docs: PartnerDocument[]) => {
  const counts: Record<string, number> = {};
  for (const id of docs.flatMap((x) => x.sets)) counts[id] = (counts[id] ?? 0) + 1;
  return counts;
};

/** The simulator's typed control API (in-process), also served as /control/… over HTTP. */
export function createControl(d: {
  partner: Partner;
  store: PartnerStore;
  config: PartnerConfig;
  faults: PartnerFaults;
  numbers: ControlCounters;
  identity: PartnerIdentity;
  sftp: SftpFolders | null;
}) {
  return {
    identity: d.identity,
    state(): PartnerState {
      const received = d.store.list("received");
      return {
        identity: d.identity,
        config: { ...d.config },
        faults: d.faults.list(),
        counts: { received: countSets(received), sent: countSets(d.store.list("sent")) },
        consecutive: received.every((x) => x.sequenceIssues.length === 0),
        documents: d.store.documents,
      };
    },
    /** Documents of one direction, optionally of one set id, oldest first. */
    documents(direction: PartnerDocument["direction"], set?: string, role?: PartyRole): PartnerDocument[] {
      return d.store.list(direction, role).filter((x) => set === undefined || x.sets.includes(set));
    },
    send850: (options: z.input<typeof send850Schema> = {}) => d.partner.send850(send850Schema.parse(options)),
    configure(patch: z.input<typeof configPatchSchema>): PartnerConfig {
      Object.assign(d.config, configPatchSchema.parse(patch));
      return { ...d.config };
    },
    addFault: (fault: PartnerFault) => d.faults.add(faultSchema.parse(fault)),
    faults: () => d.faults.list(),
    clearFaults: () => d.faults.clear(),
    /** Reads the SFTP inbound folder now instead of waiting for the next poll; the number of files read. */
    pollSftp: (): Promise<number> => (d.sftp ? d.sftp.pollOnce(d.partner.receive) : Promise.resolve(0)),
    /** Forgets every document and fault and cancels pending 997s/945s; the configuration stays. */
    async reset(): Promise<void> {
      await d.partner.stop();
      d.store.reset();
      d.faults.clear();
      d.numbers.reset();
    },
  };
}

export type PartnerSimulatorControl = ReturnType<typeof createControl>;
