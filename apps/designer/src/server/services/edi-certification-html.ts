import type { CertificationDocument, CertificationReport, SetCheck } from "./edi-certification";

/**
 * The certification report as one self-contained HTML file (inline styles, no scripts, no
 * external resources) to hand to the partner (docs/architecture.md "EDI dashboard and onboarding").
 */

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const mark = (ok: boolean | null) => (ok === null ? '<span class="na">n/a</span>' : ok ? '<span class="ok">yes</span>' : '<span class="bad">no</span>');

function checks(list: SetCheck[]): string {
  if (list.length === 0) return "—";
  return `<ul>${list.map((c) => `<li>${escape(`${c.setId} #${c.controlNumber}`)}: ${mark(c.ok)} ${escape(c.message)}</li>`).join("")}</ul>`;
}

function documentSection(d: CertificationDocument): string {
  const issues =
    d.valid.issues.length === 0
      ? "<p>No issues.</p>"
      : `<table><thead><tr><th>Source</th><th>Code</th><th>Segment</th><th>Element</th><th>Expected</th><th>Found</th><th>Message</th></tr></thead><tbody>${d.valid.issues
          .map(
            (i) =>
              `<tr><td>${escape(i.source)}</td><td>${escape(i.codeList === "none" ? "—" : `${i.codeList} ${i.code}`)}</td><td>${escape(i.segmentId)}${i.segmentPosition ? ` @${i.segmentPosition}` : ""}</td><td>${i.elementPosition ?? ""}</td><td>${escape(i.expected)}</td><td>${escape(i.found)}</td><td>${escape(i.message)}</td></tr>`,
          )
          .join("")}</tbody></table>`;
  return `<section class="doc ${d.passed ? "pass" : "fail"}">
<h2>${escape(d.file)} — ${d.passed ? "PASSED" : "FAILED"}</h2>
<table class="facts"><tbody>
<tr><th>Parsed</th><td>${mark(d.parsed.ok)} ${escape(d.parsed.error ?? `${d.parsed.interchanges} interchange(s), sets ${d.parsed.sets.map((s) => `${s.setId} #${s.controlNumber} (AK5 ${s.status})`).join(", ") || "none"}`)}</td></tr>
<tr><th>Valid</th><td>${mark(d.valid.ok)}</td></tr>
<tr><th>Mapped</th><td>${checks(d.mapped)}</td></tr>
<tr><th>Round-tripped</th><td>${checks(d.roundTripped)}</td></tr>
</tbody></table>
<h3>Issues</h3>${issues}
<h3>997 we would send</h3>${d.ack ? `<pre>${escape(d.ack)}</pre>` : "<p>None: the file did not parse as X12.</p>"}
</section>`;
}

export function certificationHtml(report: CertificationReport): string {
  const title = `EDI certification report: ${report.partner.name}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2430}h1{font-size:1.4rem}h2{font-size:1.1rem;margin:0 0 .5rem}
.doc{border:1px solid #d5dae1;border-left-width:6px;border-radius:6px;padding:1rem;margin:1rem 0}.doc.pass{border-left-color:#2e7d32}.doc.fail{border-left-color:#c62828}
table{border-collapse:collapse;width:100%;margin:.25rem 0}th,td{border:1px solid #e2e5ea;padding:.25rem .5rem;text-align:left;vertical-align:top}
.facts th{width:9rem;background:#f6f7f9}pre{background:#f6f7f9;padding:.5rem;overflow:auto}.ok{color:#2e7d32;font-weight:600}.bad{color:#c62828;font-weight:600}.na{color:#5f6b7a}
</style></head><body>
<h1>${escape(title)}</h1>
<p>Partner ISA id ${escape(report.partner.theirIsaId)}, X12 ${escape(report.partner.version)}. Generated ${escape(report.generatedAt)}.</p>
<p><strong>${report.summary.passed} of ${report.summary.documents} documents passed</strong>; ${report.summary.failed} failed.</p>
<ul>${report.notes.map((n) => `<li>${escape(n)}</li>`).join("")}</ul>
${report.documents.map(documentSection).join("\n")}
</body></html>
`;
}
