import { EDI_RAW_PAGE_BYTES, getEdiDocument, getEdiDocumentRaw, listEdiAckCandidates, type Db } from "@ipaas/db";
import { el, parseX12, X12ParseError } from "@ipaas/x12";

/**
 * A document's detail for the EDI dashboard (docs/architecture.md "EDI dashboard and onboarding"):
 * the stored interchange with a page of its raw text, its sets and timers, and the 997s that
 * answered it — read from their AK1/AK2, so a 997 is found whichever pipeline stored it.
 */

export interface AckAnswer {
  id: string;
  direction: string;
  status: string;
  createdAt: Date;
  /** The 997's text (acknowledgements are small; shown whole). */
  text: string;
  /** Per acknowledged set: AK2 set id and control number with its AK5 status. */
  sets: Array<{ group: string; setId: string; controlNumber: string; status: string }>;
}

/** AK1 (group) → AK2 (set) → AK5 (status) of every 997 in a text; [] when it does not parse. */
export function ackedSets(text: string): AckAnswer["sets"] {
  let file;
  try {
    file = parseX12(text);
  } catch (err) {
    if (err instanceof X12ParseError) return [];
    throw err;
  }
  const out: AckAnswer["sets"] = [];
  for (const set of file.interchanges.flatMap((ic) => ic.groups.flatMap((g) => g.sets)).filter((s) => s.id === "997")) {
    let group = "";
    let current: AckAnswer["sets"][number] | null = null;
    for (const seg of set.segments) {
      if (seg.id === "AK1") group = el(seg, 2);
      if (seg.id === "AK2") current = { group, setId: el(seg, 1), controlNumber: el(seg, 2), status: "" };
      if (seg.id === "AK5" && current) {
        out.push({ ...current, status: el(seg, 1) });
        current = null;
      }
    }
  }
  return out;
}

const decode = (bytes: Buffer) => bytes.toString("utf8");

export async function ediDocumentDetail(db: Db, params: { id: string; rawOffset?: number; rawLength?: number }) {
  const doc = await getEdiDocument(db, params);
  const groups = new Set(doc.transactions.map((t) => `${t.groupControlNumber}/${t.setId}/${t.controlNumber}`));
  const candidates = await listEdiAckCandidates(db, { id: doc.id });
  const answers: AckAnswer[] = candidates
    .map((c) => {
      const text = decode(c.raw);
      const sets = ackedSets(text);
      return { id: c.id, direction: c.direction, status: c.status, createdAt: c.createdAt, text, sets, named: c.acknowledgesId === doc.id };
    })
    .filter((a) => a.named || a.sets.some((s) => groups.has(`${s.group}/${s.setId}/${s.controlNumber}`)))
    .map(({ named: _named, ...answer }) => answer);
  const { bytes, ...raw } = doc.raw;
  const end = raw.offset + bytes.length;
  const pages = { truncated: end < raw.size, next: end < raw.size ? end : null, previous: raw.offset > 0 ? Math.max(0, raw.offset - EDI_RAW_PAGE_BYTES) : null };
  return { ...doc, raw: { ...raw, text: decode(bytes), ...pages }, answeredBy: answers };
}

/** The original bytes, base64 for the JSON transport, with a file name for the download. */
export async function ediDocumentDownload(db: Db, id: string) {
  const doc = await getEdiDocumentRaw(db, id);
  const safe = doc.partnerName.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 60);
  return { fileName: `${safe}-${doc.direction}-${doc.controlNumber ?? id.slice(0, 8)}.x12`, base64: doc.raw.toString("base64"), size: doc.raw.length };
}
