"use client";

import type { ReactNode } from "react";
import type { PartnerDraft } from "./partner-fields";

type Setter = <K extends keyof PartnerDraft>(key: K, value: PartnerDraft[K]) => void;
type TextField = (key: keyof PartnerDraft, label: string, extra?: { maxLength?: number; placeholder?: string }) => ReactNode;

export function CheckField(props: { label: string; checked: boolean; onChange(value: boolean): void; testId: string }) {
  return (
    <label className="check">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} data-testid={props.testId} />
      {props.label}
    </label>
  );
}

function Certificate(props: { label: string; value: string; onChange(value: string): void; testId: string }) {
  return (
    <label className="field" style={{ flexBasis: "100%" }}>
      {props.label}
      <textarea className="input mono" rows={4} value={props.value} onChange={(e) => props.onChange(e.target.value)} placeholder="-----BEGIN CERTIFICATE-----" data-testid={props.testId} spellCheck={false} />
    </label>
  );
}

/**
 * The transport's settings (docs/architecture.md "Trading partners"): every AS2 and SFTP setting
 * the schema has. Credentials (the private key for AS2 signing/decryption or SFTP, the SFTP
 * password and passphrase) are the form's write-only secret inputs, not here.
 */
export function TransportFields({ draft, set, text }: { draft: PartnerDraft; set: Setter; text: TextField }) {
  if (draft.transportKind === "as2") {
    return (
      <fieldset className="conn-form-row" data-testid="partner-as2">
        <legend className="muted small">AS2</legend>
        {text("as2Url", "URL", { placeholder: "https://as2.partner.example/in" })}
        {text("as2From", "AS2-From (us)")}
        {text("as2To", "AS2-To (them)")}
        <CheckField label="Sign" checked={draft.as2Sign} onChange={(v) => set("as2Sign", v)} testId="partner-as2Sign" />
        <CheckField label="Encrypt" checked={draft.as2Encrypt} onChange={(v) => set("as2Encrypt", v)} testId="partner-as2Encrypt" />
        <label className="field">
          MDN
          <select value={draft.as2Mdn} onChange={(e) => set("as2Mdn", e.target.value as PartnerDraft["as2Mdn"])} data-testid="partner-as2Mdn">
            <option value="sync">synchronous</option>
            <option value="async">asynchronous</option>
            <option value="none">none</option>
          </select>
        </label>
        <Certificate label="Partner certificate (PEM)" value={draft.as2PartnerCertificate} onChange={(v) => set("as2PartnerCertificate", v)} testId="partner-as2PartnerCertificate" />
        <Certificate label="Our certificate (PEM; its private key is the sealed private key below)" value={draft.as2OurCertificate} onChange={(v) => set("as2OurCertificate", v)} testId="partner-as2OurCertificate" />
      </fieldset>
    );
  }
  if (draft.transportKind === "sftp") {
    return (
      <fieldset className="conn-form-row" data-testid="partner-sftp">
        <legend className="muted small">SFTP</legend>
        {text("sftpHost", "Host")}
        {text("sftpPort", "Port")}
        {text("sftpUsername", "Username")}
        {text("sftpInboundPath", "Their files appear in")}
        {text("sftpOutboundPath", "Ours go to")}
        {text("sftpPollIntervalSeconds", "Poll every (seconds)")}
        {text("sftpHostKeyFingerprint", "Host key fingerprint (SHA256:…, empty: not pinned)")}
      </fieldset>
    );
  }
  return null;
}

/** Cross-reference tables the partner uses, picked from the environment's lookup tables; a saved name no longer there stays listed. */
export function LookupPicker(props: { available: string[]; selected: string[]; onChange(names: string[]): void }) {
  const names = [...new Set([...props.available, ...props.selected])].sort();
  if (names.length === 0) return <p className="muted small">No lookup tables yet (create them under Lookups).</p>;
  return (
    <>
      {names.map((name) => (
        <CheckField
          key={name}
          label={props.available.includes(name) ? name : `${name} (missing)`}
          checked={props.selected.includes(name)}
          onChange={(on) => props.onChange(on ? [...props.selected, name] : props.selected.filter((n) => n !== name))}
          testId={`partner-xref-${name}`}
        />
      ))}
    </>
  );
}
