import { buildSchema } from "graphql";

/** Connection types in Shopify's shape: edges { cursor node }, nodes, pageInfo. */
const connection = (name: string) => `
type ${name}Connection { edges: [${name}Edge!]! nodes: [${name}!]! pageInfo: PageInfo! }
type ${name}Edge { cursor: String! node: ${name}! }`;

/**
 * The subset of the Admin GraphQL API (2025-01) the connector and the demos use.
 * Field names and argument shapes follow shopify.dev; anything not here answers
 * "Field 'x' doesn't exist" the way the real API does for unknown fields.
 */
export const sdl = `
scalar DateTime
scalar Decimal
scalar Money
scalar URL

interface Node { id: ID! }
type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
type MoneyV2 { amount: Decimal! currencyCode: String! }
type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }
type Shop { id: ID! name: String! email: String myshopifyDomain: String! currencyCode: String! }

type MailingAddress { firstName: String lastName: String name: String company: String address1: String address2: String city: String province: String provinceCode: String zip: String country: String countryCodeV2: String phone: String }
type Customer implements Node { id: ID! legacyResourceId: String! email: String firstName: String lastName: String displayName: String! phone: String defaultAddress: MailingAddress }

type TaxLine { title: String! rate: Float ratePercentage: Float priceSet: MoneyBag! }
interface DiscountApplication { allocationMethod: String! targetSelection: String! targetType: String! index: Int! }
type DiscountCodeApplication implements DiscountApplication { allocationMethod: String! targetSelection: String! targetType: String! index: Int! code: String! }
type DiscountAllocation { allocatedAmountSet: MoneyBag! discountApplication: DiscountApplication! }

type Product implements Node { id: ID! legacyResourceId: String! title: String! handle: String! vendor: String! }
type ProductVariant implements Node { id: ID! legacyResourceId: String! title: String! displayName: String! sku: String price: Money! product: Product! inventoryItem: InventoryItem! }
type InventoryItem implements Node { id: ID! legacyResourceId: String! sku: String tracked: Boolean! variant: ProductVariant! inventoryLevel(locationId: ID!): InventoryLevel inventoryLevels(first: Int, after: String): InventoryLevelConnection! }
type InventoryQuantity { name: String! quantity: Int! updatedAt: DateTime }
type InventoryLevel implements Node { id: ID! item: InventoryItem! location: Location! updatedAt: DateTime! quantities(names: [String!]!): [InventoryQuantity!]! }
type LocationAddress { address1: String city: String provinceCode: String zip: String countryCode: String }
type Location implements Node { id: ID! legacyResourceId: String! name: String! isActive: Boolean! address: LocationAddress! }

type LineItem implements Node { id: ID! name: String! title: String! variantTitle: String sku: String quantity: Int! currentQuantity: Int! unfulfilledQuantity: Int! requiresShipping: Boolean! taxable: Boolean! originalUnitPriceSet: MoneyBag! totalDiscountSet: MoneyBag! discountAllocations: [DiscountAllocation!]! taxLines(first: Int): [TaxLine!]! variant: ProductVariant product: Product }
type ShippingLine { id: ID title: String! code: String source: String originalPriceSet: MoneyBag! discountedPriceSet: MoneyBag! taxLines: [TaxLine!]! discountAllocations: [DiscountAllocation!]! }

type Order implements Node {
  id: ID! legacyResourceId: String! name: String! email: String createdAt: DateTime! updatedAt: DateTime! processedAt: DateTime!
  cancelledAt: DateTime cancelReason: String closed: Boolean! closedAt: DateTime currencyCode: String! presentmentCurrencyCode: String!
  displayFinancialStatus: String displayFulfillmentStatus: String! note: String tags: [String!]! poNumber: String taxesIncluded: Boolean!
  subtotalPriceSet: MoneyBag totalPriceSet: MoneyBag! totalTaxSet: MoneyBag totalDiscountsSet: MoneyBag totalShippingPriceSet: MoneyBag! currentTotalPriceSet: MoneyBag!
  discountCodes: [String!]! taxLines: [TaxLine!]! customer: Customer shippingAddress: MailingAddress billingAddress: MailingAddress
  lineItems(first: Int, after: String): LineItemConnection! shippingLines(first: Int, after: String): ShippingLineConnection!
  discountApplications(first: Int, after: String): DiscountApplicationConnection!
  fulfillmentOrders(first: Int, after: String): FulfillmentOrderConnection! fulfillments(first: Int): [Fulfillment!]!
}

type FulfillmentOrderAssignedLocation { name: String! location: Location }
type FulfillmentOrderLineItem { id: ID! sku: String totalQuantity: Int! remainingQuantity: Int! lineItem: LineItem! }
type FulfillmentOrder implements Node { id: ID! status: String! requestStatus: String! createdAt: DateTime! updatedAt: DateTime! orderId: ID! order: Order! assignedLocation: FulfillmentOrderAssignedLocation! lineItems(first: Int, after: String): FulfillmentOrderLineItemConnection! }
type FulfillmentTrackingInfo { company: String number: String url: URL }
type FulfillmentLineItem { id: ID! quantity: Int lineItem: LineItem! }
type Fulfillment implements Node { id: ID! legacyResourceId: String! name: String! status: String! createdAt: DateTime! updatedAt: DateTime! order: Order! location: Location trackingInfo(first: Int): [FulfillmentTrackingInfo!]! fulfillmentLineItems(first: Int, after: String): FulfillmentLineItemConnection! }

enum WebhookSubscriptionTopic { ORDERS_CREATE ORDERS_UPDATED ORDERS_CANCELLED REFUNDS_CREATE FULFILLMENTS_CREATE INVENTORY_LEVELS_UPDATE }
enum WebhookSubscriptionFormat { JSON XML }
type WebhookHttpEndpoint { callbackUrl: URL! }
union WebhookSubscriptionEndpoint = WebhookHttpEndpoint
type WebhookSubscription implements Node { id: ID! topic: WebhookSubscriptionTopic! format: WebhookSubscriptionFormat! callbackUrl: URL! uri: String! endpoint: WebhookSubscriptionEndpoint! createdAt: DateTime! }

${["Order", "LineItem", "ShippingLine", "DiscountApplication", "FulfillmentOrder", "FulfillmentOrderLineItem", "FulfillmentLineItem", "ProductVariant", "InventoryLevel", "Location", "WebhookSubscription"].map(connection).join("\n")}

enum OrderSortKeys { CREATED_AT UPDATED_AT PROCESSED_AT ID ORDER_NUMBER TOTAL_PRICE }
enum OrderCancelReason { CUSTOMER DECLINED FRAUD INVENTORY OTHER STAFF }

type QueryRoot {
  shop: Shop!
  node(id: ID!): Node
  order(id: ID!): Order
  orders(first: Int, after: String, query: String, sortKey: OrderSortKeys, reverse: Boolean): OrderConnection!
  fulfillmentOrder(id: ID!): FulfillmentOrder
  fulfillment(id: ID!): Fulfillment
  productVariant(id: ID!): ProductVariant
  productVariants(first: Int, after: String, query: String): ProductVariantConnection!
  inventoryItem(id: ID!): InventoryItem
  location(id: ID!): Location
  locations(first: Int, after: String): LocationConnection!
  customer(id: ID!): Customer
  webhookSubscriptions(first: Int, after: String): WebhookSubscriptionConnection!
}

type UserError { field: [String!] message: String! }
type OrderCancelUserError { field: [String!] message: String! code: String }
type InventorySetQuantitiesUserError { field: [String!] message: String! code: String }
type Job { id: ID! done: Boolean! }

input OrderInput { id: ID! note: String tags: [String!] email: String poNumber: String }
input FulfillmentOrderLineItemInput { id: ID! quantity: Int! }
input FulfillmentOrderLineItemsInput { fulfillmentOrderId: ID! fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!] }
input FulfillmentTrackingInput { number: String numbers: [String!] company: String url: URL urls: [URL!] }
input FulfillmentInput { lineItemsByFulfillmentOrder: [FulfillmentOrderLineItemsInput!]! notifyCustomer: Boolean trackingInfo: FulfillmentTrackingInput }
input InventoryQuantityInput { inventoryItemId: ID! locationId: ID! quantity: Int! compareQuantity: Int }
input InventorySetQuantitiesInput { name: String! reason: String! referenceDocumentUri: String ignoreCompareQuantity: Boolean quantities: [InventoryQuantityInput!]! }
input WebhookSubscriptionInput { callbackUrl: URL format: WebhookSubscriptionFormat }

type TagsAddPayload { node: Node userErrors: [UserError!]! }
type OrderUpdatePayload { order: Order userErrors: [UserError!]! }
type OrderCancelPayload { job: Job orderCancelUserErrors: [OrderCancelUserError!]! userErrors: [UserError!]! }
type FulfillmentCreatePayload { fulfillment: Fulfillment userErrors: [UserError!]! }
type InventoryChange { name: String! delta: Int! quantityAfterChange: Int item: InventoryItem location: Location }
type InventoryAdjustmentGroup { id: ID! createdAt: DateTime! reason: String! referenceDocumentUri: String changes: [InventoryChange!]! }
type InventorySetQuantitiesPayload { inventoryAdjustmentGroup: InventoryAdjustmentGroup userErrors: [InventorySetQuantitiesUserError!]! }
type WebhookSubscriptionCreatePayload { webhookSubscription: WebhookSubscription userErrors: [UserError!]! }
type WebhookSubscriptionDeletePayload { deletedWebhookSubscriptionId: ID userErrors: [UserError!]! }

type Mutation {
  tagsAdd(id: ID!, tags: [String!]!): TagsAddPayload
  orderUpdate(input: OrderInput!): OrderUpdatePayload
  orderCancel(orderId: ID!, reason: OrderCancelReason!, refund: Boolean!, restock: Boolean!, notifyCustomer: Boolean, staffNote: String): OrderCancelPayload
  fulfillmentCreate(fulfillment: FulfillmentInput!, message: String): FulfillmentCreatePayload
  inventorySetQuantities(input: InventorySetQuantitiesInput!): InventorySetQuantitiesPayload
  webhookSubscriptionCreate(topic: WebhookSubscriptionTopic!, webhookSubscription: WebhookSubscriptionInput!): WebhookSubscriptionCreatePayload
  webhookSubscriptionDelete(id: ID!): WebhookSubscriptionDeletePayload
}

schema { query: QueryRoot mutation: Mutation }
`;

export const schema = buildSchema(sdl);
