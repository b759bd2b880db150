import { randomInt } from "node:crypto";
import type { FaultBox, FaultSpec } from "./faults";
import { normalize, represent } from "./records";
import { shipMethods } from "./seed";
import type { NetSuiteStore, RecordType, SimRecord } from "./store";

export interface Governance {
  /** Requests in flight per account before NetSuite answers 429 (shared tier + 1 SuiteCloud Plus = 15). */
  concurrencyLimit: number;
  /** Added to every API request, so tests can make requests overlap. */
  latencyMs: number;
}

export interface FulfillmentRequest {
  /** The sales order to ship; without it, every sales order not yet fulfilled ships. */
  salesOrderExternalId?: string;
  all?: boolean;
  /** "UPS" (default), "FEDEX" or "ODFL": picks the ship method. */
  carrier?: string;
  trackingNumbers?: string[];
  /**
   * SSCC-18s of the cartons, as a WMS writes them back (body field custbody_ipaas_sscc;
   * NetSuite has no SSCC on a package). There are as many packages as tracking numbers
   * or SSCCs, whichever is more, and the lines are spread over them in turn.
   */
  ssccs?: string[];
}

export interface InvoiceRequest {
  /** The sales order to bill; without it, every fulfilled sales order with something left to bill. */
  salesOrderExternalId?: string;
}

/** The simulator's typed control API (also served as /__sim/… over HTTP). */
export interface NetSuiteSimulatorControl {
  reset(options?: { seed?: boolean }): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Records of a type as GET (expanded) returns them, optionally by externalId. */
  records(type: RecordType, filter?: { externalId?: string }): Array<Record<string, unknown>>;
  createFulfillments(request: FulfillmentRequest): Array<Record<string, unknown>>;
  /** Bills fulfilled sales orders as NetSuite's "Bill" button does: one invoice each, the order becomes Billed. */
  createInvoices(request: InvoiceRequest): Array<Record<string, unknown>>;
  setStock(itemId: string, locationId: string, onHand: number): void;
  setGovernance(governance: Partial<Governance>): void;
  stats(): { requests: number; rejectedByGovernance: number; maxInFlight: number };
}

export interface ControlDeps {
  store: NetSuiteStore;
  faults: FaultBox;
  governance: Governance;
  baseUrl: () => string;
  seed: boolean;
  stats: { requests: number; rejectedByGovernance: number; maxInFlight: number };
}

type Line = Record<string, unknown>;
const refId = (v: unknown) => (v && typeof v === "object" && "id" in v ? String((v as { id: unknown }).id) : undefined);

export function createControl(d: ControlDeps): NetSuiteSimulatorControl {
  const fulfilled = (so: SimRecord) => d.store.list("itemFulfillment").some((f) => refId(f.fields.createdFrom) === so.id);

  function fulfill(so: SimRecord, req: FulfillmentRequest): SimRecord {
    const method = shipMethods.find((m) => m.carrier === (req.carrier ?? "UPS").toUpperCase()) ?? shipMethods[0];
    const soLines = ((so.fields.item as { items?: Line[] } | undefined)?.items ?? []).filter((l) => d.store.get("inventoryItem", { id: refId(l.item) ?? "" }));
    const locationId = refId(so.fields.location) ?? "3";
    const count = Math.max(1, req.trackingNumbers?.length ?? 0, req.ssccs?.length ?? 0);
    const tracking = Array.from({ length: count }, (_, i) => req.trackingNumbers?.[i] ?? `1Z999AA1${String(randomInt(10 ** 9, 10 ** 10))}`);
    const items = soLines.map((l, i) => ({
      line: i + 1, orderLine: l.line, item: l.item, itemReceive: true, quantity: l.quantity, quantityRemaining: l.quantity,
      ...(l.units ? { units: l.units } : {}), ...(l.custcol_ipaas_line_id !== undefined ? { custcol_ipaas_line_id: l.custcol_ipaas_line_id } : {}),
      custcol_ipaas_package: (i % count) + 1, location: { id: locationId, refName: d.store.refName("location", locationId) },
    }));
    const address = (so.fields.shippingAddress as Record<string, unknown> | undefined) ?? {
      addressee: (so.fields.entity as { refName?: string } | undefined)?.refName ?? "Customer", addr1: "4100 Industrial Blvd", city: "Austin", state: "TX", zip: "78744", country: { id: "US" },
    };
    const country = refId(address.country) ?? "US";
    const record = d.store.create("itemFulfillment", {
      tranDate: new Date().toISOString().slice(0, 10),
      createdFrom: { id: so.id, refName: `Sales Order #${String(so.fields.tranId)}` },
      entity: so.fields.entity,
      shipStatus: { id: "C", refName: "Shipped" },
      shipMethod: { id: method?.id ?? "12", refName: method?.name ?? "UPS Ground" },
      location: { id: locationId, refName: d.store.refName("location", locationId) },
      shippingAddress: { ...address, country: { id: country, refName: country === "US" ? "United States" : country } },
      ...(req.ssccs?.length ? { custbody_ipaas_sscc: req.ssccs.join(",") } : {}),
      item: { items },
      package: { items: tracking.map((t, i) => ({ packageTrackingNumber: t, packageWeight: 2.5, packageDescr: `Carton ${i + 1}` })) },
    });
    // The order's lines are now fulfilled and the stock has left the location.
    for (const l of soLines) {
      l.quantityFulfilled = l.quantity;
      const stock = d.store.stock.get(refId(l.item) ?? "");
      stock?.set(locationId, Math.max(0, (stock.get(locationId) ?? 0) - Number(l.quantity ?? 0)));
    }
    d.store.update(so, { status: { id: "F", refName: "Pending Billing" } });
    return record;
  }

  const soLinesOf = (so: SimRecord) => (so.fields.item as { items?: Line[] } | undefined)?.items ?? [];
  const unbilled = (l: Line) => Number(l.quantityFulfilled ?? 0) - Number(l.quantityBilled ?? 0);
  const billable = (so: SimRecord) => soLinesOf(so).some((l) => d.store.get("inventoryItem", { id: refId(l.item) ?? "" }) && unbilled(l) > 0);

  /**
   * The invoice NetSuite makes from a sales order: the fulfilled, not yet billed
   * quantity of each item line at the order's rate, discount lines as they are
   * (NetSuite applies a discount item to the line above it), the order's PO number
   * (otherRefNum), addresses, ship method and shipping cost, terms Net 30.
   */
  function bill(so: SimRecord): SimRecord {
    const lines = soLinesOf(so);
    const items = lines.flatMap((l): Line[] => {
      const isItem = !!d.store.get("inventoryItem", { id: refId(l.item) ?? "" });
      if (isItem && unbilled(l) <= 0) return [];
      const quantity = isItem ? unbilled(l) : l.quantity;
      const rate = Number(l.rate ?? 0);
      const { line: _line, quantityFulfilled: _f, quantityBilled: _b, location: _loc, ...rest } = l;
      return [{ ...rest, orderLine: l.line, ...(quantity === undefined ? {} : { quantity }), rate, amount: isItem ? Math.round(Number(quantity) * rate * 100) / 100 : l.amount }];
    });
    const tranDate = new Date().toISOString().slice(0, 10);
    const fields = normalize(d.store, "invoice", {
      tranDate,
      dueDate: new Date(Date.parse(tranDate) + 30 * 86_400_000).toISOString().slice(0, 10),
      createdFrom: { id: so.id, refName: `Sales Order #${String(so.fields.tranId)}` },
      entity: so.fields.entity,
      ...(so.fields.currency ? { currency: so.fields.currency } : {}),
      ...(so.fields.otherRefNum !== undefined ? { otherRefNum: so.fields.otherRefNum } : {}),
      ...(so.fields.location ? { location: so.fields.location } : {}),
      ...(so.fields.shipMethod ? { shipMethod: so.fields.shipMethod } : {}),
      ...(so.fields.billingAddress ? { billingAddress: so.fields.billingAddress } : {}),
      ...(so.fields.shippingAddress ? { shippingAddress: so.fields.shippingAddress } : {}),
      shippingCost: Number(so.fields.shippingCost ?? 0),
      terms: { id: "2", refName: "Net 30" },
      item: { items },
    });
    const total = Number(fields.total ?? 0);
    const subtotal = Math.round((total - Number(fields.shippingCost)) * 100) / 100;
    const invoice = d.store.create("invoice", { ...fields, subtotal, discountTotal: 0, taxTotal: 0, amountPaid: 0, amountRemaining: total });
    for (const l of lines) if (unbilled(l) > 0) l.quantityBilled = l.quantityFulfilled;
    d.store.update(so, { status: { id: "G", refName: "Billed" } });
    return invoice;
  }

  const expand = (type: RecordType, r: SimRecord) => represent(r, type, d.baseUrl(), true);

  return {
    reset: (options) => {
      d.store.reset(options?.seed ?? d.seed);
      d.faults.clear();
    },
    injectFault: (fault) => d.faults.add(fault),
    clearFaults: () => d.faults.clear(),
    records: (type, filter) => d.store.list(type, filter?.externalId).map((r) => expand(type, r)),
    createFulfillments: (req) => {
      const orders = req.salesOrderExternalId !== undefined
        ? d.store.list("salesOrder", req.salesOrderExternalId)
        : d.store.list("salesOrder").filter((so) => !fulfilled(so));
      if (req.salesOrderExternalId !== undefined && orders.length === 0) throw new Error(`no sales order with externalId ${req.salesOrderExternalId}`);
      return orders.map((so) => expand("itemFulfillment", fulfill(so, req)));
    },
    createInvoices: (req) => {
      const orders = req.salesOrderExternalId !== undefined ? d.store.list("salesOrder", req.salesOrderExternalId) : d.store.list("salesOrder");
      if (req.salesOrderExternalId !== undefined) {
        if (orders.length === 0) throw new Error(`no sales order with externalId ${req.salesOrderExternalId}`);
        if (!orders.some(billable)) throw new Error(`sales order ${req.salesOrderExternalId} has nothing fulfilled left to bill`);
      }
      return orders.filter(billable).map((so) => expand("invoice", bill(so)));
    },
    setStock: (itemId, locationId, onHand) => {
      const byLocation = d.store.stock.get(itemId) ?? new Map<string, number>();
      byLocation.set(locationId, onHand);
      d.store.stock.set(itemId, byLocation);
    },
    setGovernance: (g) => Object.assign(d.governance, g),
    stats: () => ({ ...d.stats }),
  };
}
