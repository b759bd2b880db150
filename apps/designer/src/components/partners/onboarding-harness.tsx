"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { downloadFile } from "@/components/edi/download";
import { QueryError } from "@/components/query-error";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";

type Certification = RouterOutputs["edi"]["certify"];
type CertifiedDocument = Certification["report"]["documents"][number];

const mark = (ok: boolean | null) => (ok === null ? "n/a" : ok ? "yes" : "no");

function DocumentResult({ doc }: { doc: CertifiedDocument }) {
  return (
    <details className="card" open={!doc.passed} data-testid="onboarding-document" data-file={doc.file} data-passed={doc.passed ? "true" : "false"}>
      <summary>
        <strong>{doc.file}</strong> — <span className={doc.passed ? "tag tag-published" : "tag tag-error"}>{doc.passed ? "passed" : "failed"}</span> · parsed {mark(doc.parsed.ok)} · valid {mark(doc.valid.ok)} · mapped{" "}
        {doc.mapped.map((m) => mark(m.ok)).join("/") || "—"} · round-tripped {doc.roundTripped.map((r) => mark(r.ok)).join("/") || "—"}
      </summary>
      {doc.parsed.error && <p className="notice notice-error">{doc.parsed.error}</p>}
      {doc.parsed.sets.length > 0 && <p className="small">Sets: {doc.parsed.sets.map((s) => `${s.setId} #${s.controlNumber} (group ${s.groupControlNumber}, AK5 ${s.status})`).join(", ")}</p>}
      {doc.valid.issues.length > 0 && (
        <table className="table small" data-testid="onboarding-issues">
          <thead>
            <tr>
              <th>Source</th>
              <th>Code</th>
              <th>Segment</th>
              <th>Element</th>
              <th>Expected</th>
              <th>Found</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {doc.valid.issues.map((i, n) => (
              <tr key={n}>
                <td>{i.source}</td>
                <td>{i.codeList === "none" ? "—" : `${i.codeList} ${i.code}`}</td>
                <td>
                  {i.segmentId}
                  {i.segmentPosition ? ` @${i.segmentPosition}` : ""}
                </td>
                <td>{i.elementPosition ?? ""}</td>
                <td>{i.expected}</td>
                <td>{i.found}</td>
                <td>{i.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ul className="small">
        {[...doc.mapped.map((m) => ["Mapped", m] as const), ...doc.roundTripped.map((r) => ["Round trip", r] as const)].map(([what, c], n) => (
          <li key={n}>
            {what} {c.setId} #{c.controlNumber}: {mark(c.ok)} — {c.message}
          </li>
        ))}
      </ul>
      {doc.ack && (
        <>
          <p className="small">997 we would send (not sent; placeholder control numbers):</p>
          <pre className="mono small" data-testid="onboarding-ack">
            {doc.ack}
          </pre>
        </>
      )}
    </details>
  );
}

/**
 * The onboarding harness (docs/architecture.md "EDI dashboard and onboarding"): the partner's
 * sample files run through parsing, validation against this partner's settings, mapping, a
 * round trip and the 997 we would send; the report downloads as HTML or JSON. Nothing is stored or sent.
 */
export function OnboardingHarness({ partnerId, partnerName }: { partnerId: string; partnerName: string }) {
  const trpc = useTRPC();
  const [files, setFiles] = useState<Array<{ name: string; text: string }>>([]);
  const certify = useMutation(trpc.edi.certify.mutationOptions());
  const result = certify.data;
  const pick = async (list: FileList | null) => {
    setFiles(await Promise.all([...(list ?? [])].map(async (file) => ({ name: file.name, text: await file.text() }))));
    certify.reset();
  };
  const base = `certification-${partnerName.replace(/[^A-Za-z0-9._-]+/g, "-")}`;
  return (
    <section className="card" data-testid="onboarding">
      <h2>Onboarding harness</h2>
      <p className="muted">Upload the partner&apos;s sample documents (or their implementation guide&apos;s test set). Each is parsed, validated against this partner&apos;s settings, mapped where a standard mapping exists, round-tripped, and answered with the 997 we would send.</p>
      <div className="conn-form-row">
        <input type="file" multiple accept=".x12,.edi,.txt,.dat,text/plain" onChange={(e) => void pick(e.target.files)} data-testid="onboarding-files" />
        <button type="button" className="button" disabled={files.length === 0 || certify.isPending} onClick={() => certify.mutate({ partnerId, files })} data-testid="onboarding-run">
          {certify.isPending ? "Checking…" : `Check ${files.length || ""} document${files.length === 1 ? "" : "s"}`}
        </button>
      </div>
      <QueryError error={certify.error} />
      {result && (
        <div data-testid="onboarding-report">
          <p data-testid="onboarding-summary">
            <strong>
              {result.report.summary.passed} of {result.report.summary.documents} documents passed
            </strong>
            ; {result.report.summary.failed} failed.{" "}
            <button type="button" className="link-button" onClick={() => downloadFile(`${base}.html`, result.html, "text/html")} data-testid="onboarding-download-html">
              Download report (HTML)
            </button>{" "}
            <button type="button" className="link-button" onClick={() => downloadFile(`${base}.json`, JSON.stringify(result.report, null, 2), "application/json")} data-testid="onboarding-download-json">
              Download report (JSON)
            </button>
          </p>
          <ul className="muted small">
            {result.report.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
          {result.report.documents.map((doc, n) => (
            <DocumentResult key={`${n}-${doc.file}`} doc={doc} />
          ))}
        </div>
      )}
    </section>
  );
}
