import fs from "node:fs";
import path from "node:path";
import type { Delimiters } from "@ipaas/x12";

/** One side of an interchange: ISA05/ISA06 and the GS02/GS03 id. */
export interface X12Party {
  qualifier: string;
  isaId: string;
  gsId: string;
}

/** The two trading partners the simulator plays. */
export type PartyRole = "retailer" | "3pl";
export const PARTY_ROLES: readonly PartyRole[] = ["retailer", "3pl"];

/** The simulator's defaults; the devstack's sandbox trading partners are created with the same ids. */
export const RETAILER_PARTY: X12Party = { qualifier: "ZZ", isaId: "RETAILSIM", gsId: "RETAILSIM" };
export const THREEPL_PARTY: X12Party = { qualifier: "ZZ", isaId: "WMS3PLSIM", gsId: "WMS3PLSIM" };
/** Us (the iPaaS) as the simulator's partners know us. */
export const OUR_PARTY: X12Party = { qualifier: "ZZ", isaId: "IPAASDEMO", gsId: "IPAASDEMO" };

export interface EnvelopeSettings {
  /** GS08; ISA12 is its first five characters. */
  version: "004010" | "005010";
  usage: "T" | "P";
  delimiters: Delimiters;
  /** Written after each segment terminator. */
  lineBreak: string;
}

export const DEFAULT_ENVELOPE: EnvelopeSettings = {
  version: "005010",
  usage: "T",
  delimiters: { element: "*", component: ">", repetition: "^", segment: "~" },
  lineBreak: "\n",
};

/** Which party an ISA receiver id addresses (the 3PL gets 940s, everything else goes to the retailer). */
export function roleOf(parties: Record<PartyRole, X12Party>, receiverIsaId: string): PartyRole | null {
  const id = receiverIsaId.trim();
  return PARTY_ROLES.find((r) => parties[r].isaId === id) ?? null;
}

export type ControlKind = "interchange" | "group" | "set";
type Counters = Record<PartyRole, Record<ControlKind, number>>;

const fresh = (): Counters => ({ retailer: { interchange: 0, group: 0, set: 0 }, "3pl": { interchange: 0, group: 0, set: 0 } });

/**
 * The simulator's outbound control numbers, consecutive per party and kind. With a file
 * (the devstack's data folder) they survive restarts: our runtime remembers every
 * interchange number a partner sent and would call a reused one a duplicate.
 */
export class ControlCounters {
  private counters: Counters;

  constructor(private readonly file?: string) {
    this.counters = file && fs.existsSync(file) ? { ...fresh(), ...(JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Counters>) } : fresh();
  }

  next(role: PartyRole, kind: ControlKind): number {
    const value = (this.counters[role][kind] % 999_999_999) + 1;
    this.counters[role][kind] = value;
    if (this.file) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(this.file, JSON.stringify(this.counters));
    }
    return value;
  }

  /** Numbers restart at 1 only when nothing persists them (a reused number would be a duplicate for the runtime). */
  reset(): void {
    if (!this.file) this.counters = fresh();
  }
}
