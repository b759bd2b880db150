import type { MappingInput } from "@ipaas/mapping-engine";
import paidCad from "../fixtures/netsuite-invoice-paid-cad.json" with { type: "json" };
import paidCadExpected from "../fixtures/netsuite-invoice-paid-cad.expected.json" with { type: "json" };
import ediOrder from "../fixtures/netsuite-invoice-edi-order.json" with { type: "json" };
import ediOrderExpected from "../fixtures/netsuite-invoice-edi-order.expected.json" with { type: "json" };
import { netSuiteAddressFunction } from "./netsuite-address";

/**
 * NetSuite REST record `invoice` (GET /services/rest/record/v1/invoice/{id} with
 * `expandSubResources=true`, as the "Invoices changed" poll emits it) → canonical Invoice.
 *
 * - Money is exact: NetSuite's decimal numbers become minor units with $toMinor (a
 *   rate with more decimals than the currency fails instead of rounding silently).
 *   Currency from lookup "netsuite-currency" (currency internal id → ISO code), else
 *   the currency's refName.
 * - Item lines are lines with a quantity and a non-negative amount; SKU is the item's
 *   refName (its Item Name/Number), as in the fulfillment → Shipment mapping. lineId
 *   and orderLineId are the canonical order lineId that "SalesOrder → NetSuite
 *   salesOrder" wrote to custcol_ipaas_line_id (for an EDI order: the PO line, which
 *   the 810's IT101 echoes), else NetSuite's line / orderLine numbers.
 * - A line with a negative amount is a discount item: NetSuite applies it to the item
 *   line above it, so it becomes that line's discount (an invoice discount when no
 *   item line precedes it). The header discount (discountItem, discountTotal) is an
 *   invoice discount.
 * - orderRef: orderNumber is the customer's PO number (otherRefNum; the poll copies
 *   the sales order's when the invoice has none), else the order's tranId from
 *   createdFrom; externalId is the sales order's externalId the poll adds to createdFrom.
 * - Shipping (shippingCost + handlingCost) is one shipping line; carrier and service from
 *   lookup "netsuite-ship-method" as for shipments.
 * - Tax (legacy tax: taxItem, taxRate in percent, taxTotal) is one tax line; without a
 *   taxRate the rate is taxTotal ÷ (subtotal − discounts), rounded to 4 places.
 * - Totals as NetSuite reports them (subtotal is the item lines' amounts, before
 *   discounts); amountPaid and amountDue from amountPaid / amountRemaining.
 * - Status: Voided → void, Paid In Full → paid, Pending Approval → draft, something
 *   paid → partially_paid, else open. Terms "Net 30" → NET30 with netDays 30.
 */
export const netSuiteInvoiceToInvoice: MappingInput = {
  name: "NetSuite invoice → Invoice",
  sourceSample: ediOrder,
  targetSchema: "Invoice",
  version: 1,
  expression: `(
  $cur := $exists(currency.id) ? $lookup("netsuite-currency", currency.id, currency.refName) : $coalesce(currency.refName, "USD");
  $m := function($v) { { "amountMinor": $toMinor($v, $cur), "currency": $cur } };
  $address := ${netSuiteAddressFunction};
  $lines := $ensureArray(item.items);
  $idx := $count($lines) > 0 ? [0..$count($lines) - 1] : [];
  $itemIdx := $filter($idx, function($i) { $lines[$i].quantity > 0 and $lines[$i].amount >= 0 });
  $discIdx := $filter($idx, function($k) { $lines[$k].amount < 0 });
  $owner := function($k) { $max($filter($itemIdx, function($i) { $i < $k })) };
  $discount := function($l) { { "code": $l.item.refName, "description": $coalesce($l.description), "amount": $m($abs($l.amount)) } };
  $headerDiscount := discountTotal != 0 ? [{ "code": $coalesce(discountItem.refName, "Discount"), "amount": $m($abs(discountTotal)) }] : [];
  $invoiceDiscounts := $append([$map($filter($discIdx, function($k) { $not($exists($owner($k))) }), function($k) { $discount($lines[$k]) })], $headerDiscount);
  $subtotal := $moneySum($map($itemIdx, function($i) { $lines[$i].amount }));
  $discounts := $moneyAdd($map($discIdx, function($k) { $abs($lines[$k].amount) }), $abs(discountTotal));
  $shipping := $moneyAdd(shippingCost, handlingCost);
  $method := shipMethod ? $lookup("netsuite-ship-method", shipMethod.id, { "carrier": shipMethod.refName, "serviceLevel": shipMethod.refName });
  $netDays := $match($coalesce(terms.refName, ""), /^net\\s*(\\d+)$/i).groups[0];
  $paid := amountPaid > 0;
  {
    "invoiceNumber": tranId,
    "externalId": id,
    "externalIds": [{ "system": "netsuite", "id": id }],
    "orderRef": createdFrom ? {
      "orderNumber": $coalesce(otherRefNum, $substringAfter(createdFrom.refName, "#")),
      "externalId": $coalesce(createdFrom.externalId)
    },
    "customer": { "externalId": entity.id, "name": $coalesce(entity.refName) },
    "billTo": $address(billingAddress),
    "shipTo": $address(shippingAddress),
    "invoiceDate": tranDate,
    "dueDate": $coalesce(dueDate),
    "terms": terms ? {
      "code": $uppercase($replace(terms.refName, " ", "")),
      "description": terms.refName,
      "netDays": $netDays ? $number($netDays)
    },
    "currency": $cur,
    "status": status.id = "V" or status.refName = "Voided" ? "void"
      : (status.id = "B" or status.refName = "Paid In Full" ? "paid"
      : (status.id = "D" or status.refName = "Pending Approval" ? "draft"
      : ($paid ? "partially_paid" : "open"))),
    "lines": [$map($itemIdx, function($i) { (
      $l := $lines[$i];
      $orderLine := $coalesce($l.custcol_ipaas_line_id, $l.orderLine);
      {
        "lineId": $string($coalesce($l.custcol_ipaas_line_id, $l.line, $i + 1)),
        "orderLineId": $exists($orderLine) ? $string($orderLine),
        "sku": $l.item.refName,
        "description": $coalesce($l.description, $l.item.refName),
        "quantity": $l.quantity,
        "uom": $coalesce($l.units.refName, "EA"),
        "unitPrice": $m($l.rate),
        "discounts": [$map($filter($discIdx, function($k) { $owner($k) = $i }), function($k) { $discount($lines[$k]) })]
      }
    ) })],
    "discounts": $invoiceDiscounts,
    "shippingLines": $number($shipping) > 0 ? [{
      "carrier": $method.carrier,
      "service": $method.serviceLevel,
      "code": $coalesce(shipMethod.id),
      "description": $coalesce(shipMethod.refName),
      "price": $m($shipping),
      "taxes": []
    }] : [],
    "taxes": taxTotal > 0 ? [{
      "name": $coalesce(taxItem.refName, "Sales tax"),
      "rate": $exists(taxRate) ? $moneyMul(taxRate, "0.01") : $moneyRound(taxTotal / $number($moneySub($subtotal, $discounts)), 4),
      "amount": $m(taxTotal)
    }] : [],
    "taxesIncluded": false,
    "totals": {
      "subtotal": $m($subtotal),
      "discounts": $m($discounts),
      "tax": $m($coalesce(taxTotal, 0)),
      "shipping": $m($shipping),
      "grandTotal": $m(total),
      "amountPaid": $exists(amountPaid) ? $m(amountPaid),
      "amountDue": $exists(amountRemaining) ? $m(amountRemaining)
    },
    "notes": memo ? [memo] : [],
    "updatedAt": $coalesce(lastModifiedDate)
  }
)`,
  tests: [
    { name: "EDI order billed: PO number, case and each lines, a line discount, legacy tax, UPS freight, Net 30", input: ediOrder, expected: ediOrderExpected },
    { name: "paid single-line CAD invoice: header discount, no tax, terms or PO number, no line id custom field", input: paidCad, expected: paidCadExpected },
  ],
};
