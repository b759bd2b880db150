import { el, generateX12, type InterchangeInput, type SegmentInput, type SetInput, type TransactionSet } from "@ipaas/x12";
import { seedItems } from "../../netsuite/simulator/seed";
import type { ControlCounters, EnvelopeSettings, PartyRole, X12Party } from "./parties";

/** Errors the retailer can put into an 850 on purpose (docs/architecture.md "Simulators"). */
export const INJECTED_ERRORS = ["se-count", "st-se-control", "ge-count", "iea-count", "missing-beg", "bad-date", "unknown-segment"] as const;
export type InjectedError = (typeof INJECTED_ERRORS)[number];

export interface PoLine {
  sku: string;
  quantity: number;
  /** Unit price; the NetSuite simulator's base price when absent. */
  price?: number;
}

export interface PurchaseOrderOptions {
  poNumber?: string;
  /** A number of lines (taken from the NetSuite simulator's catalogue) or the exact lines. */
  lines?: number | PoLine[];
  error?: InjectedError;
}

const inventory = seedItems.filter((i) => i.type === "inventoryItem");
const ymd = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, "");
const hm = (d: Date) => d.toISOString().slice(11, 16).replace(":", "");
const money = (n: number) => String(Math.round(n * 100) / 100);

/** The lines of an 850: given ones, or `count` catalogue items with small quantities. */
export function poLines(lines: PurchaseOrderOptions["lines"]): Array<Required<PoLine>> {
  const list: PoLine[] = Array.isArray(lines)
    ? lines
    : Array.from({ length: Math.max(1, Math.min(lines ?? 2, inventory.length)) }, (_, i) => ({ sku: inventory[i]?.itemId ?? "WID-100-BLK", quantity: (i + 1) * 5 }));
  return list.map((l) => ({ ...l, price: l.price ?? inventory.find((i) => i.itemId === l.sku)?.basePrice ?? 10 }));
}

/** An 850 body in the shape of SET_850 (BEG, CUR, REF, DTM, TD5, N1 loops, PO1 + PID, CTT, AMT). */
export function purchaseOrderSegments(poNumber: string, lines: Array<Required<PoLine>>, at: Date): SegmentInput[] {
  const s = (id: string, ...elements: string[]): SegmentInput => ({ id, elements });
  const ship = new Date(at.getTime() + 5 * 86_400_000);
  const total = lines.reduce((sum, l) => sum + l.quantity * l.price, 0);
  return [
    s("BEG", "00", "SA", poNumber, "", ymd(at)),
    s("CUR", "BY", "USD"),
    s("REF", "DP", "042"),
    s("DTM", "010", ymd(ship)),
    s("TD5", "", "", "", "", "UPS Ground"),
    s("N1", "BY", "Acme Hardware LLC", "92", "ACME"),
    s("N1", "ST", "Acme Hardware DC 4", "92", "0042"),
    s("N3", "2200 Commerce Pkwy"),
    s("N4", "Round Rock", "TX", "78664", "US"),
    ...lines.flatMap((l, i) => [
      s("PO1", String(i + 1), String(l.quantity), "EA", money(l.price), "PE", "VP", l.sku),
      s("PID", "F", "", "", "", inventory.find((x) => x.itemId === l.sku)?.displayName.replace(/[^A-Za-z0-9 .,-]/g, "") ?? l.sku),
    ]),
    s("CTT", String(lines.length), String(lines.reduce((sum, l) => sum + l.quantity, 0))),
    s("AMT", "TT", money(total)),
  ];
}

/** The 945 answering a 940: everything ordered shipped, one carton with `tracking`. */
export function shippingAdviceSegments(order: TransactionSet, tracking: string, at: Date): SegmentInput[] {
  const w05 = order.segments.find((x) => x.id === "W05");
  const s = (id: string, ...elements: string[]): SegmentInput => ({ id, elements });
  const parties = order.segments.filter((x) => ["N1", "N3", "N4"].includes(x.id)).map((x) => ({ id: x.id, elements: x.elements.map((e) => e.raw) }));
  const items = order.segments.filter((x) => x.id === "W01");
  let shipped = 0;
  const lines = items.flatMap((w01, i) => {
    const quantity = el(w01, 1);
    shipped += Number(quantity) || 0;
    return [s("LX", String(i + 1)), s("MAN", "CP", tracking), s("W12", "CC", quantity, quantity, "0", el(w01, 2) || "EA", "", el(w01, 4) || "VN", el(w01, 5))];
  });
  return [
    s("W06", "F", el(w05, 2), ymd(at), `SHP${el(w05, 2)}`.slice(0, 30), el(w05, 3)),
    ...parties,
    s("W27", "M", "UPSN", "UPS Ground"),
    ...lines,
    s("W03", String(shipped)),
  ];
}

/** One interchange with one group of `sets`, numbered from the party's counters. */
export function envelope(
  role: PartyRole,
  from: X12Party,
  to: X12Party,
  functionalId: string,
  sets: Array<Omit<SetInput, "controlNumber">>,
  numbers: ControlCounters,
  settings: EnvelopeSettings,
  at: Date,
): { input: InterchangeInput; text: string } {
  const input: InterchangeInput = {
    isa: {
      senderQualifier: from.qualifier, senderId: from.isaId, receiverQualifier: to.qualifier, receiverId: to.isaId,
      date: ymd(at).slice(2), time: hm(at), version: settings.version.slice(0, 5), controlNumber: numbers.next(role, "interchange"), usage: settings.usage,
    },
    groups: [{
      functionalId, senderId: from.gsId, receiverId: to.gsId, date: ymd(at), time: hm(at), controlNumber: numbers.next(role, "group"), version: settings.version,
      sets: sets.map((set) => ({ ...set, controlNumber: numbers.next(role, "set") })),
    }],
  };
  return { input, text: generateX12(input, { delimiters: settings.delimiters, lineBreak: settings.lineBreak }) };
}

/** Breaks a generated document the way `error` says: a wrong count, a mismatched control number, a missing or unknown segment, a bad date. */
export function injectError(text: string, settings: EnvelopeSettings, error: InjectedError): string {
  const { segment, element } = settings.delimiters;
  const segments = text.split(segment + settings.lineBreak).filter((x) => x !== "");
  const edit = (id: string, change: (elements: string[]) => string[] | null) => {
    const i = segments.findIndex((x) => x.startsWith(id + element));
    if (i < 0) return;
    const changed = change((segments[i] as string).split(element));
    if (changed) segments[i] = changed.join(element);
    else segments.splice(i, 1);
  };
  const bump = (n: string | undefined) => String(Number(n ?? 0) + 1);
  switch (error) {
    case "se-count": edit("SE", (e) => [e[0] as string, bump(e[1]), ...e.slice(2)]); break;
    case "st-se-control": edit("SE", (e) => [e[0] as string, e[1] as string, "9999"]); break;
    case "ge-count": edit("GE", (e) => [e[0] as string, bump(e[1]), ...e.slice(2)]); break;
    case "iea-count": edit("IEA", (e) => [e[0] as string, bump(e[1]), ...e.slice(2)]); break;
    // The SE count is fixed up so that the only error is the one asked for.
    case "missing-beg": edit("BEG", () => null); edit("SE", (e) => [e[0] as string, String(Number(e[1]) - 1), ...e.slice(2)]); break;
    case "bad-date": edit("BEG", (e) => [...e.slice(0, 5), "20261345", ...e.slice(6)]); break;
    case "unknown-segment": {
      const i = segments.findIndex((x) => x.startsWith(`CTT${element}`));
      segments.splice(i, 0, `ZZZ${element}UNKNOWN`);
      edit("SE", (e) => [e[0] as string, bump(e[1]), ...e.slice(2)]);
      break;
    }
  }
  return segments.map((x) => x + segment).join(settings.lineBreak) + settings.lineBreak;
}
