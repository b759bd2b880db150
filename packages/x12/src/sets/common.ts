// Shared pieces of the typed JSON per transaction set (docs/architecture.md "X12"):
// value conversions (ISO dates, decimals, TDS-style implied decimals), a field
// reader that refuses elements the typed JSON has no field for, a segment cursor
// whose loops keep unknown segments in `extra`, and the zod helpers.
import { z } from "zod";
import type { ElementInput, SegmentInput } from "../generate.js";
import type { Segment } from "../model.js";

/** A transaction set's body could not be read into the typed JSON; names the segment and element. */
export class X12ReadError extends Error {
  override readonly name = "X12ReadError";
  constructor(
    message: string,
    readonly setId: string,
    readonly segmentId?: string,
    /** Position in the set, ST = 1. */
    readonly position?: number,
    /** 1-based element position. */
    readonly element?: number,
  ) {
    super(message);
  }
}

const pad2 = (n: number) => String(n).padStart(2, "0");

// ---------- zod building blocks ----------
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "an ISO date YYYY-MM-DD");
export const clockTime = z.string().regex(/^\d{2}:\d{2}(:\d{2}(\.\d{1,2})?)?$/, "a time HH:MM[:SS[.ss]]");
/** Element text: the generator refuses delimiters, so only emptiness is checked here. */
export const text = z.string().min(1);
export const decimal = z.number().finite();
const elementInput = z.union([z.string(), z.array(z.string()), z.array(z.array(z.string()))]);
/** A segment the typed JSON has no field for, kept as read (components/repetitions split) and written back unchanged. */
export const extraSegments = z
  .array(z.strictObject({ id: z.string().regex(/^[A-Z][A-Z0-9]{1,2}$/), elements: z.array(elementInput) }))
  .optional()
  .describe("Segments the typed JSON has no field for, kept as read and written back at the end of this loop");

// ---------- values ----------
function toIsoDate(v: string): string | undefined {
  const full = v.length === 6 ? `20${v}` : v;
  if (!/^\d{8}$/.test(full)) return undefined;
  return `${full.slice(0, 4)}-${full.slice(4, 6)}-${full.slice(6, 8)}`;
}
function toClock(v: string): string | undefined {
  if (!/^\d{4}(\d{2}(\d{1,2})?)?$/.test(v)) return undefined;
  const hm = `${v.slice(0, 2)}:${v.slice(2, 4)}`;
  if (v.length === 4) return hm;
  return v.length === 6 ? `${hm}:${v.slice(4, 6)}` : `${hm}:${v.slice(4, 6)}.${v.slice(6)}`;
}

/** R (decimal) as X12 writes it: no exponent, no trailing zeros. */
export function formatDecimal(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(12).replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** Writer-side conversions; undefined stays undefined (an empty element). */
export const out = {
  date: (iso: string | undefined) => iso?.replaceAll("-", ""),
  time: (t: string | undefined) => t?.replace(/[:.]/g, ""),
  num: (n: number | undefined) => (n === undefined ? undefined : formatDecimal(n)),
  /** N2: two implied decimals (TDS01 104.98 → "10498"). */
  n2: (n: number | undefined) => (n === undefined ? undefined : String(Math.round(n * 100))),
  int: (n: number | undefined) => (n === undefined ? undefined : String(Math.trunc(n))),
};

/** One segment from its element values; undefined/"" are empty elements, trailing ones are dropped. */
export function seg(id: string, values: Array<ElementInput | undefined>): SegmentInput {
  const elements = values.map((v) => v ?? "");
  while (elements.length > 0 && elements.at(-1) === "") elements.pop();
  return { id, elements };
}

/** Drops undefined properties, so a read document deep-equals the one that was written. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined || (Array.isArray(o[k]) && (o[k] as unknown[]).length === 0)) delete o[k];
  return o;
}

export function rawSegment(s: Segment): SegmentInput {
  return {
    id: s.id,
    elements: s.elements.map((e) => {
      if (e.repetitions.length > 1) return e.repetitions;
      const comps = e.repetitions[0] ?? [e.raw];
      return comps.length > 1 ? comps : e.raw;
    }),
  };
}

/**
 * Reads the elements of one segment by position; `done()` refuses any non-empty
 * element that was not read, so nothing the typed JSON has no field for is lost silently.
 */
export class Fields {
  private readonly used = new Set<number>();
  constructor(
    readonly seg: Segment,
    readonly setId: string,
  ) {}

  private fail(n: number, what: string): never {
    throw new X12ReadError(`${this.setId}: ${this.seg.id}${pad2(n)} at set position ${this.seg.position}: ${what}`, this.setId, this.seg.id, this.seg.position, n);
  }

  /** The element as plain text (undefined when empty); a composite or repeated value is refused. */
  text(n: number): string | undefined {
    this.used.add(n);
    const e = this.seg.elements[n - 1];
    if (!e || e.raw === "") return undefined;
    if (e.repetitions.length > 1 || (e.repetitions[0]?.length ?? 1) > 1) this.fail(n, `a composite or repeated value ${JSON.stringify(e.raw)} where the typed JSON expects plain text`);
    return e.raw;
  }
  required(n: number): string {
    return this.text(n) ?? this.fail(n, "mandatory element is empty");
  }
  /** The components of a composite element (C001, C030): empty trailing components dropped. */
  components(n: number): string[] {
    this.used.add(n);
    const e = this.seg.elements[n - 1];
    if (!e || e.raw === "") return [];
    if (e.repetitions.length > 1) this.fail(n, `a repeated value ${JSON.stringify(e.raw)}`);
    const comps = [...(e.repetitions[0] ?? [])];
    while (comps.length > 0 && comps.at(-1) === "") comps.pop();
    return comps;
  }
  /** A composite where only its first component (a unit, C001-01) is read. */
  firstComponent(n: number): string | undefined {
    const comps = this.components(n);
    if (comps.length > 1) this.fail(n, `composite ${JSON.stringify(comps)}: only its first component has a field`);
    return comps[0] || undefined;
  }
  date(n: number): string | undefined {
    const v = this.text(n);
    return v === undefined ? undefined : (toIsoDate(v) ?? this.fail(n, `expected a date CCYYMMDD, found ${JSON.stringify(v)}`));
  }
  time(n: number): string | undefined {
    const v = this.text(n);
    return v === undefined ? undefined : (toClock(v) ?? this.fail(n, `expected a time HHMM[SS[dd]], found ${JSON.stringify(v)}`));
  }
  num(n: number): number | undefined {
    const v = this.text(n);
    if (v === undefined) return undefined;
    if (!/^-?(\d+\.?\d*|\.\d+)$/.test(v)) this.fail(n, `expected a number, found ${JSON.stringify(v)}`);
    return Number(v);
  }
  /** N2: an integer with two implied decimals. */
  n2(n: number): number | undefined {
    const v = this.text(n);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) this.fail(n, `expected an N2 integer (2 implied decimals), found ${JSON.stringify(v)}`);
    return Number(v) / 100;
  }
  /** Throws when an element that was not read holds data. */
  done(): void {
    this.seg.elements.forEach((e, i) => {
      if (e.raw !== "" && !this.used.has(i + 1)) this.fail(i + 1, `value ${JSON.stringify(e.raw)} has no field in the typed ${this.setId} JSON`);
    });
  }
}

/** Reads a whole segment with `read`, then checks nothing was left over. */
export function fields<T>(s: Segment, setId: string, read: (f: Fields) => T): T {
  const f = new Fields(s, setId);
  const value = read(f);
  f.done();
  return value;
}

/** Walks the segments between ST and SE. */
export class Cursor {
  private i = 0;
  constructor(
    readonly segments: readonly Segment[],
    readonly setId: string,
  ) {}
  peek(): Segment | undefined {
    return this.segments[this.i];
  }
  at(...ids: string[]): boolean {
    const s = this.peek();
    return s !== undefined && ids.includes(s.id);
  }
  next(): Segment {
    const s = this.segments[this.i++];
    if (!s) throw new X12ReadError(`${this.setId}: unexpected end of the set`, this.setId);
    return s;
  }
  /** The mandatory segment `id`, next in line. */
  expect(id: string): Segment {
    const s = this.peek();
    if (s?.id !== id) {
      throw new X12ReadError(`${this.setId}: expected segment ${id}${s ? `, found ${s.id} at set position ${s.position}` : " before SE"}`, this.setId, s?.id ?? id, s?.position);
    }
    return this.next();
  }
  /**
   * Consumes segments up to one whose id is in `stop` (or the end). `handle` returns
   * false for a segment it has no field for (or throws X12ReadError about that one
   * segment): that segment is returned raw, as `extra`.
   */
  loop(stop: readonly string[], handle: (s: Segment) => boolean): SegmentInput[] {
    const extra: SegmentInput[] = [];
    while (this.peek() && !this.at(...stop)) {
      const at = this.i;
      const s = this.next();
      let known: boolean;
      try {
        known = handle(s);
      } catch (e) {
        // A list entry (REF, DTM, SAC, ...) with an element or repetition the typed JSON
        // has no field for is kept whole in `extra` rather than failing the set.
        if (!(e instanceof X12ReadError) || e.segmentId !== s.id || this.i !== at + 1) throw e;
        known = false;
      }
      if (!known) extra.push(rawSegment(s));
    }
    return extra;
  }
}
