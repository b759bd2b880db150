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
  as2PartnerCertificate: string;
  as2OurCertificate: string;
  as2Sign: boolean;
  as2Encrypt: boolean;
  as2Mdn: "sync" | "async" | "none";
  sftpHost: string;
  sftpPort: string;
  sftpUsername: string;
  sftpInboundPath: string;
  sftpOutboundPath: string;
  sftpPollIntervalSeconds: string;
  /** `SHA256:…` pins the server's host key; empty: not pinned. */
  sftpHostKeyFingerprint: string;
  send997: boolean;
  expect997WithinHours: string;
  poAckWithinHours: string;
  asnDue: "" | "before-shipment" | "at-shipment";
  invoiceAfterShipment: boolean;
  /** Names of lookup tables, picked from the environment's tables. */
  crossReferenceTables: string[];
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  contactNotes: string;
}

export const SECRET_LABELS: Record<TransportSecretField, string> = { password: "SFTP password", privateKey: "Private key (PEM: AS2 signing or SFTP key)", passphrase: "Key passphrase" };

type Partner = PartnerFields & { name: string; environment: string };

/** A saved partner (or none) as the form's starting state. */
export function draftOf(partner: Partner | null, environment: string): PartnerDraft {
  const t = partner?.transport ?? null;
  const as2 = t?.kind === "as2" ? t.settings : null;
  const sftp = t?.kind === "sftp" ? t.settings : null;
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
    as2Url: as2?.url ?? "",
    as2From: as2?.as2From ?? "",
    as2To: as2?.as2To ?? "",
    as2PartnerCertificate: as2?.partnerCertificate ?? "",
    as2OurCertificate: as2?.ourCertificate ?? "",
    as2Sign: as2?.sign ?? true,
    as2Encrypt: as2?.encrypt ?? true,
    as2Mdn: as2?.mdn ?? "sync",
    sftpHost: sftp?.host ?? "",
    sftpPort: String(sftp?.port ?? 22),
    sftpUsername: sftp?.username ?? "",
    sftpInboundPath: sftp?.inboundPath ?? "/outbound",
    sftpOutboundPath: sftp?.outboundPath ?? "/inbound",
    sftpPollIntervalSeconds: String(sftp?.pollIntervalSeconds ?? 300),
    sftpHostKeyFingerprint: sftp?.hostKeyFingerprint ?? "",
    send997: a.send997,
    expect997WithinHours: a.expect997WithinHours === null ? "" : String(a.expect997WithinHours),
    poAckWithinHours: a.poAckWithinHours === null ? "" : String(a.poAckWithinHours),
    asnDue: a.asnDue ?? "",
    invoiceAfterShipment: a.invoiceAfterShipment,
    crossReferenceTables: partner?.crossReferenceTables ?? [],
    contactName: partner?.contact.name ?? "",
    contactEmail: partner?.contact.email ?? "",
    contactPhone: partner?.contact.phone ?? "",
    contactNotes: partner?.contact.notes ?? "",
  };
}

const hoursOf = (text: string): number | null => (text.trim() === "" ? null : Number(text));
const listOf = (text: string): string[] =>
  text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

/** A number as typed; anything else goes to the server as NaN, whose schema names the field. */
const numberOf = (text: string): number => (text.trim() === "" ? Number.NaN : Number(text));

function transportOf(draft: PartnerDraft): PartnerFields["transport"] {
  if (draft.transportKind === "as2") {
    const settings = { url: draft.as2Url, as2From: draft.as2From, as2To: draft.as2To, partnerCertificate: draft.as2PartnerCertificate, ourCertificate: draft.as2OurCertificate };
    return { kind: "as2", settings: { ...settings, sign: draft.as2Sign, encrypt: draft.as2Encrypt, mdn: draft.as2Mdn } };
  }
  if (draft.transportKind === "sftp") {
    return {
      kind: "sftp",
      settings: {
        host: draft.sftpHost,
        port: numberOf(draft.sftpPort),
        username: draft.sftpUsername,
        inboundPath: draft.sftpInboundPath,
        outboundPath: draft.sftpOutboundPath,
        pollIntervalSeconds: numberOf(draft.sftpPollIntervalSeconds),
        ...(draft.sftpHostKeyFingerprint.trim() !== "" && { hostKeyFingerprint: draft.sftpHostKeyFingerprint.trim() }),
      },
    };
  }
  return null;
}

/** The form's state as the router's `fields`: every setting the schema has is in the form. */
export function fieldsOf(draft: PartnerDraft): PartnerFields {
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
    transport: transportOf(draft),
    acknowledgements: {
      send997: draft.send997,
      expect997WithinHours: hoursOf(draft.expect997WithinHours),
      poAckWithinHours: hoursOf(draft.poAckWithinHours),
      asnDue: draft.asnDue === "" ? null : draft.asnDue,
      invoiceAfterShipment: draft.invoiceAfterShipment,
    },
    crossReferenceTables: draft.crossReferenceTables,
    contact: { name: draft.contactName, email: draft.contactEmail, phone: draft.contactPhone, notes: draft.contactNotes },
  };
}
