import { invalidRef, missingField, nsError, SimHttpError } from "./errors";
import type { NetSuiteStore, RecordType, SimRecord } from "./store";

/**
 * Record semantics: validation with NetSuite's error codes and paths, reference
 * fields completed with refName the way GET returns them, and the JSON shape of a
 * record (sublists collapsed to links unless expandSubResources=true).
 */
type Fields = Record<string, unknown>;
type Line = Record<string, unknown>;

const refId = (v: unknown): string | undefined =>
  v && typeof v === "object" && "id" in v && (v as { id: unknown }).id !== undefined && (v as { id: unknown }).id !== null ? String((v as { id: unknown }).id) : undefined;
const units: Record<string, string> = { "1": "EA", "2": "CS" };
const fail = (e: ReturnType<typeof missingField>): never => {
  throw new SimHttpError(e);
};

export const writableTypes = new Set<RecordType>(["salesOrder", "customer", "invoice"]);

function lines(fields: Fields): Line[] | undefined {
  const sub = fields.item as { items?: unknown } | undefined;
  return Array.isArray(sub?.items) ? (sub.items as Line[]) : undefined;
}

function validateTransaction(store: NetSuiteStore, fields: Fields, existing?: SimRecord): void {
  const merged = { ...existing?.fields, ...fields };
  const entity = refId(merged.entity);
  if (!entity) fail(missingField("entity", "Customer"));
  else if (!store.get("customer", { id: entity })) fail(invalidRef("entity", entity, "entity"));
  const location = refId(merged.location);
  if (location && !store.get("location", { id: location })) fail(invalidRef("location", location, "location"));
  const list = lines(merged) ?? [];
  if (list.length === 0) fail(missingField("item", "Items"));
  list.forEach((line, i) => {
    const item = refId(line.item);
    if (!item) fail(missingField(`item.items[${i}].item`, "Item"));
    else if (!store.item(item)) fail(invalidRef(`item.items[${i}].item`, item, "item"));
    if (line.quantity !== undefined && (typeof line.quantity !== "number" || line.quantity < 0)) {
      fail(nsError(400, "INVALID_FLD_VALUE", `Invalid quantity ${String(line.quantity)}: a quantity is a number of 0 or more.`, { path: `item.items[${i}].quantity` }));
    }
  });
}

function validateCustomer(fields: Fields, existing?: SimRecord): void {
  const merged = { ...existing?.fields, ...fields };
  if (merged.isPerson === true) {
    if (!merged.lastName) fail(missingField("lastName", "Last Name"));
    if (!merged.firstName) fail(missingField("firstName", "First Name"));
  } else if (!merged.companyName) {
    fail(missingField("companyName", "Company Name"));
  }
}

export function validate(store: NetSuiteStore, type: RecordType, fields: Fields, existing?: SimRecord): void {
  if (type === "customer") validateCustomer(fields, existing);
  else validateTransaction(store, fields, existing);
}

const withName = (store: NetSuiteStore, type: RecordType, v: unknown) => {
  const id = refId(v);
  return id ? { id, refName: store.refName(type, id) ?? id } : v;
};

/** Completes references and defaults as NetSuite would store them. */
export function normalize(store: NetSuiteStore, type: RecordType, fields: Fields): Fields {
  const out: Fields = { ...fields };
  delete out.id;
  delete out.externalId;
  if (type === "customer") {
    // entityId is what SuiteQL and refName show; NetSuite generates it from the name.
    out.entityId ??= out.isPerson === true ? `${String(out.firstName ?? "")} ${String(out.lastName ?? "")}`.trim() : out.companyName;
    out.subsidiary ??= { id: "1", refName: "Northwind Supply" };
    return out;
  }
  if (out.entity) out.entity = withName(store, "customer", out.entity);
  if (out.location) out.location = withName(store, "location", out.location);
  if (out.shipMethod) out.shipMethod = withName(store, "shipItem", out.shipMethod);
  out.currency ??= { id: "1", refName: "USD" };
  out.subsidiary ??= { id: "1", refName: "Northwind Supply" };
  out.tranDate ??= new Date().toISOString().slice(0, 10);
  if (type === "salesOrder") out.status ??= { id: "B", refName: "Pending Fulfillment" };
  if (type === "invoice") out.status ??= { id: "A", refName: "Open" };
  const list = lines(out);
  if (list) {
    let total = 0;
    const items = list.map((line, i) => {
      const item = refId(line.item) ?? "";
      const quantity = typeof line.quantity === "number" ? line.quantity : 1;
      const rate = typeof line.rate === "number" ? line.rate : Number(store.item(item)?.fields.basePrice ?? 0);
      const amount = typeof line.amount === "number" ? line.amount : Math.round(quantity * rate * 100) / 100;
      total += amount;
      const unit = refId(line.units);
      return {
        line: i + 1,
        ...line,
        item: { id: item, refName: store.refName("inventoryItem", item) ?? store.refName("discountItem", item) ?? item },
        quantity, rate, amount,
        ...(unit ? { units: { id: unit, refName: units[unit] ?? unit } } : {}),
      };
    });
    out.item = { items };
    out.total = Math.round((total + Number(out.shippingCost ?? 0)) * 100) / 100;
  }
  return out;
}

/** A record as GET returns it. Sublists ({ items }) become links unless expanded. */
export function represent(record: SimRecord, type: RecordType, baseUrl: string, expand: boolean): Fields {
  const self = `${baseUrl}/services/rest/record/v1/${type}/${record.id}`;
  const out: Fields = { links: [{ rel: "self", href: self }], id: record.id };
  if (record.externalId !== undefined) out.externalId = record.externalId;
  out.createdDate = record.createdDate;
  out.lastModifiedDate = record.lastModifiedDate;
  for (const [key, value] of Object.entries(record.fields)) {
    if (value === undefined) continue;
    const isSublist = !!value && typeof value === "object" && Array.isArray((value as { items?: unknown }).items);
    if (isSublist && !expand) out[key] = { links: [{ rel: "self", href: `${self}/${key}` }] };
    else if (isSublist) out[key] = { links: [{ rel: "self", href: `${self}/${key}` }], items: (value as { items: unknown[] }).items, totalResults: (value as { items: unknown[] }).items.length };
    else out[key] = value;
  }
  return out;
}
