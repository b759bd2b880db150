import { seedCustomers, seedLocations, seedVariants, type SimAddress, type SimCustomer, type SimLocation, type SimVariant } from "./catalog";

/** A REST tax line / discount allocation / shipping line, as Shopify's webhook JSON writes them. */
export interface RestTaxLine { title: string; rate: number; price: string }
export interface RestDiscountAllocation { amount: string; discount_application_index: number }
export interface RestLineItem {
  id: number; admin_graphql_api_id: string; variant_id: number; product_id: number; sku: string; title: string; variant_title: string | null; name: string;
  quantity: number; fulfillable_quantity: number; fulfillment_status: string | null; price: string; total_discount: string; grams: number;
  requires_shipping: boolean; taxable: boolean; discount_allocations: RestDiscountAllocation[]; tax_lines: RestTaxLine[];
}
export interface RestShippingLine {
  id: number; code: string; title: string; source: string; carrier_identifier: null; price: string; discounted_price: string;
  discount_allocations: RestDiscountAllocation[]; tax_lines: RestTaxLine[];
}
export interface RestDiscountApplication { type: string; code?: string; title: string; value: string; value_type: string; allocation_method: string; target_selection: string; target_type: string }

/** An order kept in the REST shape: that is what webhooks carry and what the standard mapping reads. */
export interface RestOrder {
  id: number; admin_graphql_api_id: string; name: string; order_number: number; email: string; created_at: string; updated_at: string;
  cancelled_at: string | null; cancel_reason: string | null; closed_at: string | null; currency: string; presentment_currency: string;
  financial_status: string; fulfillment_status: string | null; taxes_included: boolean; note: string | null; tags: string; po_number: string | null;
  subtotal_price: string; total_line_items_price: string; total_discounts: string; total_tax: string; total_price: string;
  total_shipping_price_set: { shop_money: { amount: string; currency_code: string }; presentment_money: { amount: string; currency_code: string } };
  discount_codes: Array<{ code: string; amount: string; type: string }>; discount_applications: RestDiscountApplication[];
  customer: { id: number; email: string; first_name: string; last_name: string; phone: string | null; admin_graphql_api_id: string } | null;
  billing_address: SimAddress | null; shipping_address: SimAddress | null;
  line_items: RestLineItem[]; shipping_lines: RestShippingLine[]; tax_lines: RestTaxLine[];
}

export interface SimFulfillmentOrderLine { id: number; lineItemId: number; totalQuantity: number; remainingQuantity: number }
export interface SimFulfillmentOrder { id: number; orderId: number; locationId: number; status: "OPEN" | "IN_PROGRESS" | "CLOSED" | "CANCELLED"; lineItems: SimFulfillmentOrderLine[]; createdAt: string; updatedAt: string }
export interface SimFulfillment {
  id: number; orderId: number; fulfillmentOrderId: number; locationId: number; name: string; status: "SUCCESS" | "CANCELLED";
  tracking: { company: string | null; number: string | null; url: string | null }; notifyCustomer: boolean;
  lineItems: Array<{ id: number; fulfillmentOrderLineItemId: number; lineItemId: number; quantity: number }>; createdAt: string;
}
export interface SimLevel { inventoryItemId: number; locationId: number; available: number; onHand: number; updatedAt: string }

/** The shop's state. Ids start where real Shopify ids of this size live. */
export class ShopStore {
  variants: SimVariant[] = [];
  locations: SimLocation[] = [];
  customers: SimCustomer[] = [];
  orders = new Map<number, RestOrder>();
  fulfillmentOrders = new Map<number, SimFulfillmentOrder>();
  fulfillments = new Map<number, SimFulfillment>();
  levels = new Map<string, SimLevel>();
  private seq = 0;
  private lastTime = 0;
  nextOrderNumber = 1001;

  constructor(private readonly seed: boolean) {
    this.reset();
  }

  reset(): void {
    this.orders.clear();
    this.fulfillmentOrders.clear();
    this.fulfillments.clear();
    this.levels.clear();
    this.nextOrderNumber = 1001;
    this.variants = this.seed ? seedVariants.map((x) => ({ ...x })) : [];
    this.locations = this.seed ? seedLocations.map((x) => ({ ...x })) : [];
    this.customers = this.seed ? seedCustomers.map((x) => ({ ...x })) : [];
    const now = this.now();
    for (const [i, variant] of this.variants.entries()) {
      for (const [j, location] of this.locations.entries()) {
        const qty = 40 + ((i * 37 + j * 19) % 160);
        this.levels.set(levelKey(variant.inventoryItemId, location.id), { inventoryItemId: variant.inventoryItemId, locationId: location.id, available: qty, onHand: qty, updatedAt: now });
      }
    }
  }

  /** A fresh id: a 13-digit base like Shopify's plus a counter. */
  id(base: number): number {
    this.seq += 1;
    return base + this.seq;
  }

  /** Strictly increasing timestamps, so "updated since" polling sees every change. */
  now(): string {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return new Date(this.lastTime).toISOString();
  }

  variantBySku(sku: string): SimVariant | undefined {
    return this.variants.find((x) => x.sku === sku);
  }

  level(inventoryItemId: number, locationId: number): SimLevel | undefined {
    return this.levels.get(levelKey(inventoryItemId, locationId));
  }

  /** Adds the order and one fulfillment order per order (assigned to the first location). */
  addOrder(order: RestOrder): SimFulfillmentOrder {
    this.orders.set(order.id, order);
    const location = this.locations[0];
    const fo: SimFulfillmentOrder = {
      id: this.id(6400000000000),
      orderId: order.id,
      locationId: location?.id ?? 0,
      status: "OPEN",
      lineItems: order.line_items.map((li) => ({ id: this.id(15500000000000), lineItemId: li.id, totalQuantity: li.quantity, remainingQuantity: li.quantity })),
      createdAt: order.created_at,
      updatedAt: order.created_at,
    };
    this.fulfillmentOrders.set(fo.id, fo);
    return fo;
  }

  fulfillmentOrdersOf(orderId: number): SimFulfillmentOrder[] {
    return [...this.fulfillmentOrders.values()].filter((fo) => fo.orderId === orderId);
  }

  fulfillmentsOf(orderId: number): SimFulfillment[] {
    return [...this.fulfillments.values()].filter((f) => f.orderId === orderId);
  }

  /** Marks the order changed: new updated_at and the fulfillment status derived from its lines. */
  touch(order: RestOrder): void {
    order.updated_at = this.now();
    const lines = order.line_items;
    const open = lines.reduce((n, li) => n + li.fulfillable_quantity, 0);
    const total = lines.reduce((n, li) => n + li.quantity, 0);
    order.fulfillment_status = open === 0 && total > 0 ? "fulfilled" : open < total ? "partial" : null;
  }
}

export function levelKey(inventoryItemId: number, locationId: number): string {
  return `${inventoryItemId}:${locationId}`;
}
