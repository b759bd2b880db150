import { seedCustomers, seedItems, seedLocations, seedStock, shipMethods } from "./seed";

/** Record types the simulator serves under /services/rest/record/v1/{type}. */
export const recordTypes = ["salesOrder", "customer", "inventoryItem", "discountItem", "location", "invoice", "itemFulfillment", "shipItem"] as const;
export type RecordType = (typeof recordTypes)[number];

export interface SimRecord {
  id: string;
  externalId?: string;
  createdDate: string;
  lastModifiedDate: string;
  /** Body fields and sublists ({ items: [...] }) as NetSuite's REST JSON has them. */
  fields: Record<string, unknown>;
}

/** SuiteQL transaction type codes. */
export const tranType: Partial<Record<RecordType, string>> = { salesOrder: "SalesOrd", invoice: "CustInvc", itemFulfillment: "ItemShip" };
const tranPrefix: Partial<Record<RecordType, string>> = { salesOrder: "SO", invoice: "INV", itemFulfillment: "IF" };

/** NetSuite's datetime fields have second precision; ties between records are real. */
export const nowIso = (): string => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(".000Z", "Z");

export class NetSuiteStore {
  private records = new Map<RecordType, Map<string, SimRecord>>();
  /** item id → location id → on hand. */
  readonly stock = new Map<string, Map<string, number>>();
  private nextId = 50_000;
  private nextTran = 10_450;

  constructor(seed: boolean) {
    this.reset(seed);
  }

  reset(seed: boolean): void {
    this.records = new Map(recordTypes.map((t) => [t, new Map()]));
    this.stock.clear();
    this.nextId = 50_000;
    this.nextTran = 10_450;
    if (seed) this.seed();
  }

  private seed(): void {
    const at = "2025-01-06T15:00:00Z";
    const put = (type: RecordType, id: string, fields: Record<string, unknown>, externalId?: string) =>
      this.table(type).set(id, { id, externalId, createdDate: at, lastModifiedDate: at, fields });
    for (const item of seedItems) put(item.type, item.id, { itemId: item.itemId, displayName: item.displayName, basePrice: item.basePrice, isInactive: false });
    for (const loc of seedLocations) {
      put("location", loc.id, { name: loc.name, mainAddress: { addr1: loc.addr1, city: loc.city, state: loc.state, zip: loc.zip, country: { id: "US", refName: "United States" } } });
    }
    for (const c of seedCustomers) {
      put("customer", c.id, { entityId: c.entityId, companyName: c.companyName, isPerson: false, email: c.email, phone: c.phone, subsidiary: { id: "1", refName: "Northwind Supply" } }, c.externalId);
    }
    for (const m of shipMethods) put("shipItem", m.id, { itemId: m.name, displayName: m.name });
    for (const [item, austin, reno] of seedStock) this.stock.set(item, new Map([["3", austin], ["5", reno]]));
  }

  table(type: RecordType): Map<string, SimRecord> {
    const t = this.records.get(type);
    if (!t) throw new Error(`unknown record type ${type}`);
    return t;
  }

  get(type: RecordType, key: { id?: string; externalId?: string }): SimRecord | undefined {
    if (key.id !== undefined) return this.table(type).get(key.id);
    return [...this.table(type).values()].find((r) => r.externalId === key.externalId);
  }

  list(type: RecordType, externalId?: string): SimRecord[] {
    const all = [...this.table(type).values()];
    return externalId === undefined ? all : all.filter((r) => r.externalId === externalId);
  }

  /** Adds a record: a new internal id, and a tranId for transactions. */
  create(type: RecordType, fields: Record<string, unknown>, externalId?: string): SimRecord {
    const id = String(this.nextId++);
    const at = nowIso();
    const prefix = tranPrefix[type];
    const withTranId = prefix && fields.tranId === undefined ? { tranId: `${prefix}-${this.nextTran++}`, ...fields } : fields;
    const record: SimRecord = { id, externalId, createdDate: at, lastModifiedDate: at, fields: withTranId };
    this.table(type).set(id, record);
    return record;
  }

  /** An update as NetSuite's PUT/PATCH does it: given body fields replace, others stay. */
  update(record: SimRecord, fields: Record<string, unknown>): SimRecord {
    record.fields = { ...record.fields, ...fields };
    record.lastModifiedDate = nowIso();
    return record;
  }

  refName(type: RecordType, id: string): string | undefined {
    const f = this.table(type).get(id)?.fields;
    if (!f) return undefined;
    return String(f.tranId ?? f.entityId ?? f.itemId ?? f.name ?? id);
  }

  /** Any item type by internal id (sales order lines may reference inventory or discount items). */
  item(id: string): SimRecord | undefined {
    return this.table("inventoryItem").get(id) ?? this.table("discountItem").get(id);
  }
}
