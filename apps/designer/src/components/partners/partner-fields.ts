import { acknowledgementsSchema, type PartnerDirection, type PartnerFields, type TransportSecretField } from "@ipaas/db/trading-partner-schema";

/**
 * The partner form's state: every input as the person typed it (strings and booleans),
 * turned into the settings the router validates with the one schema
 * (docs/architecture.md "Trading partners"); the server's message names any problem.
 */
export interface PartnerDraft {
  name: string;
  environment: string;
  ourIsaQualifier: string;
  ourIsaId: string;
  ourGsId: string;
  theirIsaQualifier: string;
  theirIsaId: string;
  theirGsId: string;
  version: PartnerFields["version"];
  usageIndicator: PartnerFields["usageIndicator"];
  element: string;
  component: string;
  repetition: string;
  segment: string;
  /** "850 inbound, 856 outbound" */
  transactionSets: string;
  transportKind: "" | "as2" | "sftp";
  as2Url: string;
  as2From: string;
  as2To: string;
  sftpHost: string;
  sftpPort: string;
  sftpUsername: string;
  expect997WithinHours: string;
  poAckWithinHours: string;
  asnDue: "" | "before-shipment" | "at-shipment";
  invoiceAfterShipment: boolean;
  crossReferenceTables: string;
  contactName: string;
  contactEmail: string;
}

export const SECRET_LABELS: Record<TransportSecretField, string> = { password: "SFTP password", privateKey: "Private key (PEM: AS2 signing or SFTP key)", passphrase: "Key passphrase" };

type Partner = PartnerFields & { name: string; environment: string };

/** A saved partner (or none) as the form's starting state. */
export function draftOf(partner: Partner | null, environment: string): PartnerDraft {
  const t = partner?.transport ?? null;
  // A new partner starts from the schema's defaults (e.g. their 997 within 24 hours).
  const a = partner?.acknowledgements ?? acknowledgementsSchema.parse({});
  return {
    name: partner?.name ?? "",
    environment: partner?.environment ?? environment,
    ourIsaQualifier: partner?.ourIsaQualifier ?? "ZZ",
    ourIsaId: partner?.ourIsaId ?? "",
    ourGsId: partner?.ourGsId ?? "",
    theirIsaQualifier: partner?.theirIsaQualifier ?? "ZZ",
    theirIsaId: partner?.theirIsaId ?? "",
    theirGsId: partner?.theirGsId ?? "",
    version: partner?.version ?? "005010",
    usageIndicator: partner?.usageIndicator ?? "T",
    element: partner?.delimiters.element ?? "*",
    component: partner?.delimiters.component ?? ">",
    repetition: partner?.delimiters.repetition ?? "^",
    segment: partner?.delimiters.segment ?? "~",
    transactionSets: (partner?.transactionSets ?? []).map((s) => `${s.set} ${s.direction}`).join(", "),
    transportKind: t?.kind ?? "",
    as2Url: t?.kind === "as2" ? t.settings.url : "",
    as2From: t?.kind === "as2" ? t.settings.as2From : "",
    as2To: t?.kind === "as2" ? t.settings.as2To : "",
    sftpHost: t?.kind === "sftp" ? t.settings.host : "",
    sftpPort: t?.kind === "sftp" ? String(t.settings.port) : "22",
    sftpUsername: t?.kind === "sftp" ? t.settings.username : "",
    expect997WithinHours: a.expect997WithinHours === null ? "" : String(a.expect997WithinHours),
    poAckWithinHours: a.poAckWithinHours === null ? "" : String(a.poAckWithinHours),
    asnDue: a.asnDue ?? "",
    invoiceAfterShipment: a.invoiceAfterShipment,
    crossReferenceTables: (partner?.crossReferenceTables ?? []).join(", "),
    contactName: partner?.contact.name ?? "",
    contactEmail: partner?.contact.email ?? "",
  };
}

const hoursOf = (text: string): number | null => (text.trim() === "" ? null : Number(text));
const listOf = (text: string): string[] =>
  text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

/** The form's state as the router's `fields`; kept settings the form does not show (transport options, contact notes) come from `current`. */
export function fieldsOf(draft: PartnerDraft, current: PartnerFields | null): PartnerFields {
  const currentTransport = current?.transport ?? null;
  const transport: PartnerFields["transport"] =
    draft.transportKind === "as2"
      ? {
          kind: "as2",
          settings: { partnerCertificate: "", ourCertificate: "", sign: true, encrypt: true, mdn: "sync", ...(currentTransport?.kind === "as2" ? currentTransport.settings : {}), url: draft.as2Url, as2From: draft.as2From, as2To: draft.as2To },
        }
      : draft.transportKind === "sftp"
        ? {
            kind: "sftp",
            settings: {
              inboundPath: "/outbound",
              outboundPath: "/inbound",
              pollIntervalSeconds: 300,
              ...(currentTransport?.kind === "sftp" ? currentTransport.settings : {}),
              host: draft.sftpHost,
              port: Number(draft.sftpPort),
              username: draft.sftpUsername,
            },
          }
        : null;
  return {
    ourIsaQualifier: draft.ourIsaQualifier,
    ourIsaId: draft.ourIsaId,
    ourGsId: draft.ourGsId,
    theirIsaQualifier: draft.theirIsaQualifier,
    theirIsaId: draft.theirIsaId,
    theirGsId: draft.theirGsId,
    version: draft.version,
    usageIndicator: draft.usageIndicator,
    delimiters: { element: draft.element, component: draft.component, repetition: draft.repetition, segment: draft.segment },
    transactionSets: listOf(draft.transactionSets).map((entry) => {
      const [set = "", direction = ""] = entry.split(/\s+/);
      // Anything but inbound/outbound is sent as typed: the server names the problem.
      return { set, direction: direction as PartnerDirection };
    }),
    transport,
    acknowledgements: {
      send997: current?.acknowledgements.send997 ?? true,
      expect997WithinHours: hoursOf(draft.expect997WithinHours),
      poAckWithinHours: hoursOf(draft.poAckWithinHours),
      asnDue: draft.asnDue === "" ? null : draft.asnDue,
      invoiceAfterShipment: draft.invoiceAfterShipment,
    },
    crossReferenceTables: listOf(draft.crossReferenceTables),
    contact: { phone: "", notes: "", ...current?.contact, name: draft.contactName, email: draft.contactEmail },
  };
}
