import { z } from "zod";

/**
 * A trading partner's EDI settings, defined once (docs/architecture.md "Trading partners").
 * Driver-free (`@ipaas/db/trading-partner-schema`): the designer's router and form derive
 * their input from these schemas, the db package stores exactly what they accept.
 */

/** GS08 versions we speak; the ISA12 of each is its first five characters (004010 → 00401). */
export const X12_VERSIONS = ["004010", "005010"] as const;
export type X12Version = (typeof X12_VERSIONS)[number];
export const isaVersionOf = (version: X12Version): string => version.slice(0, 5);

export const PARTNER_DIRECTIONS = ["inbound", "outbound"] as const;
export type PartnerDirection = (typeof PARTNER_DIRECTIONS)[number];

export const TRANSPORT_KINDS = ["as2", "sftp"] as const;
/** Credentials a transport may hold: sealed at rest, write-only through the API. */
export const TRANSPORT_SECRET_FIELDS = ["password", "privateKey", "passphrase"] as const;
export type TransportSecretField = (typeof TRANSPORT_SECRET_FIELDS)[number];

/** A delimiter is one printable, non-alphanumeric character (or a newline as segment terminator). */
const delimiter = z.string().regex(/^[^A-Za-z0-9 ]$/, "one character that is not a letter, digit or space");

export const delimitersSchema = z
  .object({ element: delimiter, component: delimiter, repetition: delimiter, segment: delimiter })
  .refine((d) => new Set([d.element, d.component, d.repetition, d.segment]).size === 4, "the four delimiters must differ");
export type Delimiters = z.infer<typeof delimitersSchema>;

export const DEFAULT_DELIMITERS: Delimiters = { element: "*", component: ">", repetition: "^", segment: "~" };

/** ISA05/07 qualifier (e.g. ZZ, 01, 12) and ISA06/08 id (padded to 15 on output). */
const isaQualifier = z.string().regex(/^[A-Za-z0-9]{2}$/, "two letters or digits (e.g. ZZ, 01, 12)");
const isaId = z.string().trim().min(1).max(15).regex(/^[\x21-\x7e][\x20-\x7e]*$/, "printable characters");
const gsId = z.string().trim().min(2).max(15).regex(/^[\x21-\x7e][\x20-\x7e]*$/, "printable characters");

export const transactionSetSchema = z.object({ set: z.string().regex(/^\d{3}$/, "a three-digit set id (e.g. 850)"), direction: z.enum(PARTNER_DIRECTIONS) });
export type PartnerTransactionSet = z.infer<typeof transactionSetSchema>;

const path = z.string().trim().max(500);
export const as2SettingsSchema = z.object({
  url: z.url().max(2000),
  as2From: z.string().trim().min(1).max(128),
  as2To: z.string().trim().min(1).max(128),
  /** The partner's public certificate (PEM): not a secret, shown and editable. */
  partnerCertificate: z.string().max(20_000).default(""),
  /** Our certificate (PEM) for this partner; its private key is the sealed `privateKey` secret. */
  ourCertificate: z.string().max(20_000).default(""),
  sign: z.boolean().default(true),
  encrypt: z.boolean().default(true),
  mdn: z.enum(["sync", "async", "none"]).default("sync"),
});
export const sftpSettingsSchema = z.object({
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(22),
  username: z.string().trim().min(1).max(128),
  /** Where their documents appear (polled) and where ours go. */
  inboundPath: path.default("/outbound"),
  outboundPath: path.default("/inbound"),
  pollIntervalSeconds: z.number().int().min(10).max(86_400).default(300),
  /** Pins the server's host key (`SHA256:…`, as `ssh-keygen -lf` prints it); absent: not pinned. */
  hostKeyFingerprint: z.string().trim().max(100).optional(),
});
export const transportSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("as2"), settings: as2SettingsSchema }),
  z.object({ kind: z.literal("sftp"), settings: sftpSettingsSchema }),
]);
export type PartnerTransport = z.infer<typeof transportSchema>;

const hours = z.number().int().min(1).max(24 * 30);
/** When the compliance timers call a document overdue (docs/architecture.md "Trading partners"). */
export const acknowledgementsSchema = z.object({
  /** We send a 997 per received group automatically. */
  send997: z.boolean().default(true),
  /** Their 997 for what we send is due within this many hours; null: not expected. */
  expect997WithinHours: hours.nullable().default(24),
  /** Our 855 is due this many hours after their 850; null: they take no 855s. */
  poAckWithinHours: hours.nullable().default(null),
  /** Our 856 is due before or at shipment; null: no ASNs. */
  asnDue: z.enum(["before-shipment", "at-shipment"]).nullable().default(null),
  /** Our 810 follows the shipment. */
  invoiceAfterShipment: z.boolean().default(false),
});
export type PartnerAcknowledgements = z.infer<typeof acknowledgementsSchema>;

export const contactSchema = z.object({
  name: z.string().trim().max(200).default(""),
  email: z.union([z.literal(""), z.email().max(320)]).default(""),
  phone: z.string().trim().max(50).default(""),
  notes: z.string().max(2000).default(""),
});

/** Names of cross-reference tables (docs/architecture.md "Cross-reference tables"): their item numbers ↔ our SKUs, UoM codes. */
const lookupTableName = z.string().trim().min(1).max(100);

const sets = z
  .array(transactionSetSchema)
  .max(50)
  .refine((list) => new Set(list.map((s) => `${s.set}/${s.direction}`)).size === list.length, "each set and direction once");

/** Each setting's type, without defaults: an update replaces only the settings it names. */
const fieldTypes = {
  ourIsaQualifier: isaQualifier,
  ourIsaId: isaId,
  ourGsId: gsId,
  theirIsaQualifier: isaQualifier,
  theirIsaId: isaId,
  theirGsId: gsId,
  version: z.enum(X12_VERSIONS),
  usageIndicator: z.enum(["T", "P"]),
  delimiters: delimitersSchema,
  transactionSets: sets,
  transport: transportSchema.nullable(),
  acknowledgements: acknowledgementsSchema,
  crossReferenceTables: z.array(lookupTableName).max(20),
  contact: contactSchema,
};

/** Everything about a partner except its name, environment and credentials; what a new partner leaves out gets a default. */
export const partnerFieldsSchema = z.object({
  ...fieldTypes,
  version: fieldTypes.version.default("005010"),
  usageIndicator: fieldTypes.usageIndicator.default("T"),
  delimiters: delimitersSchema.default(DEFAULT_DELIMITERS),
  transactionSets: sets.default([]),
  transport: fieldTypes.transport.default(null),
  acknowledgements: acknowledgementsSchema.default(() => acknowledgementsSchema.parse({})),
  crossReferenceTables: fieldTypes.crossReferenceTables.default([]),
  contact: contactSchema.default(() => contactSchema.parse({})),
});
/** An edit: the settings given replace the stored ones, absent ones are kept. */
export const partnerFieldsUpdateSchema = z.object(fieldTypes).partial();
export type PartnerFields = z.infer<typeof partnerFieldsSchema>;

/** Sealed on save; a string replaces a value, null clears it, an absent field keeps it. */
export const partnerSecretsSchema = z.partialRecord(z.enum(TRANSPORT_SECRET_FIELDS), z.string().min(1).max(20_000));
export const partnerSecretsUpdateSchema = z.partialRecord(z.enum(TRANSPORT_SECRET_FIELDS), z.string().min(1).max(20_000).nullable());

/** Control-number kinds and the largest value each may take (ISA13 is 9 digits; GS06 and ST02 up to 9). */
export const CONTROL_NUMBER_MAX = { interchange: 999_999_999, group: 999_999_999, transaction: 999_999_999 } as const;
export type ControlNumberKind = keyof typeof CONTROL_NUMBER_MAX;
