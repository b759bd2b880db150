import type { MappingInput } from "@ipaas/mapping-engine";
import multiLine from "../fixtures/shopify-order-multi-line.json" with { type: "json" };
import multiLineExpected from "../fixtures/shopify-order-multi-line.expected.json" with { type: "json" };
import singleLine from "../fixtures/shopify-order-single-line.json" with { type: "json" };
import singleLineExpected from "../fixtures/shopify-order-single-line.expected.json" with { type: "json" };

/**
 * Shopify order (REST / `orders/create` webhook JSON) → canonical SalesOrder.
 *
 * - Amounts are read in the shop currency (`currency`, `price`) and converted to
 *   exact minor units with $toMinor: no float arithmetic anywhere.
 * - Discounts: Shopify allocates every discount application to line items
 *   (`line_items[].discount_allocations`) or shipping lines; line allocations become
 *   line discounts (code from the discount application), shipping allocations become
 *   order-level discounts, so nothing is counted twice and totals reconcile.
 * - Tax rates are Shopify numbers (0.0625) and become canonical rate strings.
 * - Every list goes through an array constructor, so a one-line order keeps a list.
 * - null / "" optional fields are dropped ($coalesce returns nothing for them).
 * - status: cancelled_at → cancelled; fulfillment_status fulfilled → shipped,
 *   partial → partially_shipped; financial_status pending → pending; else open.
 */
export const shopifyOrderToSalesOrder: MappingInput = {
  name: "Shopify order → SalesOrder",
  sourceSample: multiLine,
  targetSchema: "SalesOrder",
  version: 1,
  expression: `(
  $order := $;
  $cur := currency;
  $m := function($amount) { { "amountMinor": $toMinor($amount, $cur), "currency": $cur } };
  $tax := function($t) { [$t[$number(price) > 0 or $number(rate) > 0].{ "name": title, "rate": $string(rate), "amount": $m(price) }] };
  $discountCode := function($a) { (
    $app := $order.discount_applications[$a.discount_application_index];
    $coalesce($app.code, $app.title, "DISCOUNT")
  ) };
  $address := function($a) { $a ? {
    "name": $coalesce($a.name, $join([$a.first_name, $a.last_name][$ != null and $ != ""], " ")),
    "company": $coalesce($a.company),
    "line1": $a.address1,
    "line2": $coalesce($a.address2),
    "city": $a.city,
    "region": $coalesce($a.province_code),
    "postalCode": $coalesce($a.zip),
    "countryCode": $a.country_code,
    "phone": $coalesce($a.phone)
  } };
  {
    "externalId": $string(id),
    "externalIds": [{ "system": "shopify", "id": $coalesce(admin_graphql_api_id, "gid://shopify/Order/" & $string(id)) }],
    "orderNumber": name,
    "channel": "shopify",
    "orderDate": created_at,
    "currency": $cur,
    "status": cancelled_at ? "cancelled"
      : fulfillment_status = "fulfilled" ? "shipped"
      : fulfillment_status = "partial" ? "partially_shipped"
      : financial_status = "pending" ? "pending"
      : "open",
    "customer": {
      "externalId": customer.id ? $string(customer.id),
      "email": $coalesce(customer.email, email),
      "name": $coalesce($join([customer.first_name, customer.last_name][$ != null and $ != ""], " "))
    },
    "customerPoNumber": $coalesce(po_number),
    "billTo": $address(billing_address),
    "shipTo": $address(shipping_address),
    "lines": [line_items.{
      "lineId": $string(id),
      "sku": sku,
      "description": $coalesce(name, title),
      "quantity": quantity,
      "uom": "EA",
      "unitPrice": $m(price),
      "discounts": [discount_allocations[$number(amount) > 0].{ "code": $discountCode($), "amount": $m(amount) }],
      "taxes": $tax(tax_lines)
    }],
    "discounts": [shipping_lines.discount_allocations[$number(amount) > 0].{ "code": $discountCode($), "description": "Shipping discount", "amount": $m(amount) }],
    "shippingLines": [shipping_lines.{
      "code": $coalesce(code),
      "description": $coalesce(title),
      "price": $m(price),
      "taxes": $tax(tax_lines)
    }],
    "taxesIncluded": taxes_included = true,
    "totals": {
      "subtotal": $m(total_line_items_price),
      "discounts": $m(total_discounts),
      "tax": $m(total_tax),
      "shipping": $m($coalesce(total_shipping_price_set.shop_money.amount, $moneySum(shipping_lines.price))),
      "grandTotal": $m(total_price)
    },
    "notes": [$coalesce(note)],
    "tags": [$filter($map($split($coalesce(tags, ""), ","), $trim), function($t) { $t != "" })],
    "updatedAt": $coalesce(updated_at)
  }
)`,
  tests: [
    { name: "3-line order with a discount code, tax lines and a shipping line", input: multiLine, expected: multiLineExpected },
    { name: "single line, no discounts (keeps lists as lists)", input: singleLine, expected: singleLineExpected },
  ],
};
