import { sampleSalesOrder } from "@ipaas/canonical";
import type { MappingInput } from "@ipaas/mapping-engine";
import multiLineExpected from "../fixtures/netsuite-sales-order-multi-line.expected.json" with { type: "json" };
import shopifySingleLine from "../fixtures/shopify-order-single-line.expected.json" with { type: "json" };
import singleLineExpected from "../fixtures/netsuite-sales-order-single-line.expected.json" with { type: "json" };

/**
 * Canonical SalesOrder → NetSuite REST record `salesOrder` (POST
 * /services/rest/record/v1/salesOrder body).
 *
 * - externalId is the canonical externalId, so a retried POST upserts, never duplicates.
 * - Amounts: NetSuite takes decimal numbers in major units; they come from the exact
 *   minor units via $fromMinor (no float arithmetic). amount = quantity × rate,
 *   exact and rounded half-even to the currency.
 * - Discounts: each line discount becomes a discount item line right after its
 *   item line (negative rate), as NetSuite's UI does; order discounts become
 *   discount item lines at the end. Items from lookup "netsuite-discount-item"
 *   (code, or "*" as the fallback item).
 * - A SKU, unit or customer missing from its table fails the mapping (LOOKUP_MISSING,
 *   "SKU-1001 not found in netsuite-item") before anything reaches NetSuite.
 * - Taxes are not sent: NetSuite (SuiteTax) computes them from the tax codes.
 * - Items, units, customer and location from lookups "netsuite-item",
 *   "netsuite-unit", "netsuite-customer".
 * - Kits are sent as the kit item: NetSuite explodes its own kit/package members.
 */
export const salesOrderToNetSuite: MappingInput = {
  name: "SalesOrder → NetSuite salesOrder",
  sourceSample: sampleSalesOrder,
  version: 1,
  expression: `(
  $cur := currency;
  $dec := function($money) { $number($fromMinor($money.amountMinor, $cur)) };
  $discountItem := function($code) { ( $own := $lookupOr("netsuite-discount-item", $code); $exists($own) ? $own : $lookup("netsuite-discount-item", "*") ) };
  $discountLine := function($d) { {
    "item": { "id": $discountItem($d.code) },
    "description": $ediSafe($coalesce($d.description, $d.code, "Discount"), ""),
    "rate": 0 - $dec($d.amount),
    "amount": 0 - $dec($d.amount)
  } };
  $addr := function($a) { $a ? {
    "addressee": $coalesce($a.company, $a.name),
    "attention": $a.company ? $coalesce($a.name),
    "addr1": $a.line1,
    "addr2": $coalesce($a.line2),
    "city": $a.city,
    "state": $coalesce($a.region),
    "zip": $coalesce($a.postalCode),
    "country": { "id": $a.countryCode },
    "addrPhone": $coalesce($a.phone)
  } };
  {
    "externalId": externalId,
    "entity": { "id": $lookup("netsuite-customer", customer.externalId) },
    "tranDate": $substring(orderDate, 0, 10),
    "otherRefNum": $coalesce(customerPoNumber, orderNumber),
    "memo": $count(notes) > 0 ? $join(notes, "; "),
    "currency": { "refName": $cur },
    "orderStatus": { "id": status = "pending" ? "A" : "B" },
    "shipDate": requestedShipDate,
    "shippingAddress": $addr(shipTo),
    "billingAddress": $addr(billTo),
    "shippingCost": $number($fromMinor($sum(shippingLines.price.amountMinor), $cur)),
    "item": {
      "items": [lines.(
        $line := $;
        [{
          "item": { "id": $lookup("netsuite-item", sku) },
          "description": $ediSafe(description, ""),
          "quantity": quantity,
          "units": { "id": $lookup("netsuite-unit", uom) },
          "rate": $dec(unitPrice),
          "amount": $number($money($moneyMul($fromMinor(unitPrice.amountMinor, $cur), quantity), $cur)),
          "custcol_ipaas_line_id": lineId
        }, $map(discounts, $discountLine)]
      ), $map(discounts, $discountLine)]
    }
  }
)`,
  tests: [
    { name: "3-line B2B order: case UoM, kit, line and order discounts", input: sampleSalesOrder, expected: multiLineExpected },
    { name: "single-line web order mapped from Shopify", input: shopifySingleLine, expected: singleLineExpected },
  ],
};
