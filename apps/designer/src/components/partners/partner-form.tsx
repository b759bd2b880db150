"use client";

import { TRANSPORT_SECRET_FIELDS, X12_VERSIONS } from "@ipaas/db/trading-partner-schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { SecretInput } from "@/components/connections/connection-form";
import { useSecretEdits } from "@/components/connections/secret-edits";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import { draftOf, fieldsOf, SECRET_LABELS, type PartnerDraft } from "./partner-fields";
import { CheckField, LookupPicker, TransportFields } from "./partner-transport";

export type PartnerItem = RouterOutputs["partners"]["list"][number];

type Props = { environments: string[]; onDone(): void } & ({ mode: "create"; environment: string } | { mode: "edit"; partner: PartnerItem });

/**
 * Create or edit a trading partner (docs/architecture.md "Trading partners"). Credentials
 * are write-only like a connection's: never prefilled; a set one shows when it changed.
 */
export function PartnerForm(props: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const editing = props.mode === "edit" ? props.partner : null;
  const [draft, setDraft] = useState<PartnerDraft>(() => draftOf(editing, props.mode === "create" ? props.environment : ""));
  const secrets = useSecretEdits(editing?.secrets);
  const onSuccess = async () => {
    await queryClient.invalidateQueries(trpc.partners.pathFilter());
    props.onDone();
  };
  const create = useMutation(trpc.partners.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.partners.update.mutationOptions({ onSuccess }));
  const mutation = editing ? update : create;
  const generate = useMutation(
    trpc.partners.generateAs2Certificate.mutationOptions({
      onSuccess: async (saved) => {
        if (saved.transport?.kind === "as2") setDraft((d) => ({ ...d, as2OurCertificate: saved.transport?.kind === "as2" ? saved.transport.settings.ourCertificate : d.as2OurCertificate }));
        await queryClient.invalidateQueries(trpc.partners.pathFilter());
      },
    }),
  );
  // Generating needs the AS2 settings saved (the key is sealed on the stored partner).
  const canGenerate = editing?.transport?.kind === "as2" && draft.transportKind === "as2";
  const set = <K extends keyof PartnerDraft>(key: K, value: PartnerDraft[K]) => setDraft({ ...draft, [key]: value });
  const text = (key: keyof PartnerDraft, label: string, extra: { maxLength?: number; placeholder?: string } = {}) => (
    <label className="field">
      {label}
      <input className="input" value={String(draft[key])} onChange={(e) => set(key, e.target.value)} data-testid={`partner-${key}`} {...extra} />
    </label>
  );
  const tables = useQuery(trpc.lookups.tables.queryOptions({ environment: draft.environment || "sandbox" }, { enabled: draft.environment !== "" }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = secrets.typed();
    const fields = fieldsOf(draft);
    if (!editing) {
      create.mutate({ name: draft.name, environment: draft.environment, fields, secrets: typed });
      return;
    }
    update.mutate({ id: editing.id, ...(draft.name !== editing.name && { name: draft.name }), fields, secrets: { ...typed, ...secrets.cleared() } });
  };

  return (
    <form className="card conn-form" onSubmit={submit} data-testid="partner-form" autoComplete="off">
      <h3>{editing ? `Edit ${editing.name}` : "New trading partner"}</h3>
      <Row>
        {text("name", "Name", { maxLength: 100, placeholder: "BigBox Retail" })}
        <label className="field">
          Environment
          <select value={draft.environment} onChange={(e) => set("environment", e.target.value)} disabled={editing !== null} data-testid="partner-environment">
            {props.environments.map((env) => (
              <option key={env} value={env}>
                {env}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          X12 version
          <select value={draft.version} onChange={(e) => set("version", e.target.value as PartnerDraft["version"])} data-testid="partner-version">
            {X12_VERSIONS.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Usage
          <select value={draft.usageIndicator} onChange={(e) => set("usageIndicator", e.target.value as PartnerDraft["usageIndicator"])} data-testid="partner-usage">
            <option value="T">T (test)</option>
            <option value="P">P (production)</option>
          </select>
        </label>
      </Row>
      <Row title="Us">
        {text("ourIsaQualifier", "ISA qualifier", { maxLength: 2 })}
        {text("ourIsaId", "ISA id", { maxLength: 15 })}
        {text("ourGsId", "GS id", { maxLength: 15 })}
      </Row>
      <Row title="Them">
        {text("theirIsaQualifier", "ISA qualifier", { maxLength: 2 })}
        {text("theirIsaId", "ISA id", { maxLength: 15 })}
        {text("theirGsId", "GS id", { maxLength: 15 })}
      </Row>
      <Row title="Delimiters">
        {text("element", "Element", { maxLength: 1 })}
        {text("component", "Component", { maxLength: 1 })}
        {text("repetition", "Repetition", { maxLength: 1 })}
        {text("segment", "Segment terminator", { maxLength: 1 })}
      </Row>
      <Row>{text("transactionSets", "Transaction sets", { placeholder: "850 inbound, 855 outbound, 856 outbound, 810 outbound" })}</Row>
      <Row title="Transport">
        <label className="field">
          Kind
          <select value={draft.transportKind} onChange={(e) => set("transportKind", e.target.value as PartnerDraft["transportKind"])} data-testid="partner-transport">
            <option value="">none yet</option>
            <option value="as2">AS2</option>
            <option value="sftp">SFTP</option>
          </select>
        </label>
      </Row>
      <TransportFields draft={draft} set={set} text={text} />
      {draft.transportKind === "as2" && (
        <p className="small">
          <button type="button" className="button button-secondary" disabled={!canGenerate || generate.isPending} onClick={() => editing && generate.mutate({ id: editing.id })} data-testid="partner-generate-certificate">
            Generate certificate
          </button>{" "}
          <span className="muted">{canGenerate ? "A new self-signed certificate for us; its private key is sealed as the partner's private key." : "Save the AS2 settings first."}</span>
          {generate.isSuccess && <span data-testid="partner-certificate-generated"> Generated: send the certificate above to the partner.</span>}
        </p>
      )}
      {generate.error && (
        <p className="notice notice-error" role="alert">
          {generate.error.message}
        </p>
      )}
      {draft.transportKind !== "" && (
        <div className="conn-fields">
          {TRANSPORT_SECRET_FIELDS.map((key) => (
            <SecretInput key={key} {...secrets.propsFor({ key, label: SECRET_LABELS[key], kind: "text", required: false, secret: true })} />
          ))}
        </div>
      )}
      <Row title="Acknowledgements">
        <CheckField label="Send our 997 automatically" checked={draft.send997} onChange={(v) => set("send997", v)} testId="partner-send997" />
        {text("expect997WithinHours", "Their 997 within (hours)", { placeholder: "none" })}
        {text("poAckWithinHours", "Our 855 within (hours of an 850)", { placeholder: "none" })}
        <label className="field">
          Our 856
          <select value={draft.asnDue} onChange={(e) => set("asnDue", e.target.value as PartnerDraft["asnDue"])} data-testid="partner-asnDue">
            <option value="">not expected</option>
            <option value="before-shipment">before shipment</option>
            <option value="at-shipment">at shipment</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.invoiceAfterShipment} onChange={(e) => set("invoiceAfterShipment", e.target.checked)} data-testid="partner-invoiceAfterShipment" />
          810 after shipment
        </label>
      </Row>
      <Row title="Cross-reference tables">
        <LookupPicker available={(tables.data ?? []).map((t) => t.name)} selected={draft.crossReferenceTables} onChange={(names) => set("crossReferenceTables", names)} />
      </Row>
      <Row title="Contact">
        {text("contactName", "Name")}
        {text("contactEmail", "Email")}
        {text("contactPhone", "Phone")}
        {text("contactNotes", "Notes")}
      </Row>
      <div className="conn-form-actions">
        <button type="submit" className="button" disabled={mutation.isPending || draft.name.trim() === ""} data-testid="save-partner">
          {editing ? "Save" : "Create"}
        </button>
        <button type="button" className="button button-secondary" onClick={props.onDone}>
          Cancel
        </button>
      </div>
      {mutation.error && (
        <p className="notice notice-error" role="alert" data-testid="partner-form-error">
          {mutation.error.message}
        </p>
      )}
    </form>
  );
}

function Row({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <fieldset className="conn-form-row">
      {title && <legend className="muted small">{title}</legend>}
      {children}
    </fieldset>
  );
}
