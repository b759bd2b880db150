import type { PartnerDocument } from "./store";

const asNumber = (v: string) => (/^\d+$/.test(v) ? Number(v) : NaN);

/**
 * Whether a received document's control numbers follow the ones the same sender used
 * before (ISA13, GS06 and ST02 each consecutive per direction, as our runtime allocates
 * them): one line per break, empty when they follow or when this is the first document.
 */
export function sequenceIssues(previous: PartnerDocument | undefined, doc: Pick<PartnerDocument, "interchangeControlNumber" | "groups">): string[] {
  const issues: string[] = [];
  const expect = (what: string, before: string | undefined, now: string | undefined) => {
    if (before === undefined || now === undefined) return;
    const b = asNumber(before);
    const n = asNumber(now);
    if (!(n === b + 1)) issues.push(`${what} ${now} does not follow ${before}`);
  };
  const groups = doc.groups;
  const sets = groups.flatMap((g) => g.sets);
  if (previous) {
    const lastGroups = previous.groups;
    const lastSets = lastGroups.flatMap((g) => g.sets);
    expect("ISA13", previous.interchangeControlNumber, doc.interchangeControlNumber);
    expect("GS06", lastGroups[lastGroups.length - 1]?.controlNumber, groups[0]?.controlNumber);
    expect("ST02", lastSets[lastSets.length - 1]?.controlNumber, sets[0]?.controlNumber);
  }
  groups.forEach((g, i) => i > 0 && expect("GS06", groups[i - 1]?.controlNumber, g.controlNumber));
  sets.forEach((s, i) => i > 0 && expect("ST02", sets[i - 1]?.controlNumber, s.controlNumber));
  return issues;
}
