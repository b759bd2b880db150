import { sampleInvoice } from "@ipaas/canonical";
import type { MappingInput } from "@ipaas/mapping-engine";
import { X12_ADDRESS_FUNCTION } from "./x12-snippets";
import singleLineCad from "../fixtures/invoice-single-line-cad.json" with { type: "json" };
import singleLineCadExpected from "../fixtures/x12-810-single-line-cad.expected.json" with { type: "json" };
import twoLinesExpected from "../fixtures/x12-810-two-lines.expected.json" with { type: "json" };

/**
 * Canonical Invoice → X12 810 Invoice as the typed JSON of `@ipaas/x12` ("X12 810");
 * the "send X12" step writes the segments (TDS/SAC amounts as N2, CTT) and the envelope.
 *
 * - invoiceDate, invoiceNumber, poNumber (orderRef.orderNumber); the PO date is not
 *   known to the canonical invoice and is left out.
 * - currency (CUR*SE) only when it is not USD (X12 assumes USD otherwise).
 * - parties BT (billTo, else the customer's name alone) and ST (shipTo).
 * - terms: basic (01) from the invoice date (3), net due date and net days, terms text.
 * - lines: line id, quantity, unit (canonical CS is X12 CA), unit price in major
 *   units, vendorItem = our SKU, description; each line discount is an allowance C310.
 * - totalAmount is the grand total, computed exactly from minor units; taxes per tax
 *   line (ST for a state jurisdiction "US-TX", LS for a local one, TX otherwise;
 *   percent = rate × 100); allowance C310 per invoice discount and charge D240 per
 *   freight line. Free text goes through $ediSafe.
 */
export const invoiceToX12810: MappingInput = {
  name: "Invoice → X12 810 Invoice",
  sourceSample: sampleInvoice,
  targetSchema: "X12 810",
  version: 2,
  expression: `(
  $cur := currency;
  $dec := function($money) { $number($fromMinor($money.amountMinor, $cur)) };
  $nonEmpty := function($a) { $count($a) > 0 ? $a };
  $uom := function($u) { $u = "CS" ? "CA" : $u };
  ${X12_ADDRESS_FUNCTION}
  $party := function($role, $a, $fallbackName) { $a ? {
    "role": $role,
    "name": $ediSafe($coalesce($a.company, $a.name, $fallbackName)),
    "address": $x12Address($a)
  } : ($fallbackName ? { "role": $role, "name": $ediSafe($fallbackName) }) };
  $allowance := function($d) { {
    "indicator": "A",
    "code": "C310",
    "amount": $dec($d.amount),
    "description": $ediSafe($coalesce($d.description, $d.code))
  } };
  $taxType := function($j) { $count($split($j, "-")) = 2 ? "ST" : ($count($split($j, "-")) > 2 ? "LS" : "TX") };
  {
    "set": "810",
    "invoiceDate": invoiceDate,
    "invoiceNumber": $ediSafe(invoiceNumber),
    "poNumber": $ediSafe(orderRef.orderNumber),
    "currency": $cur != "USD" ? { "entity": "SE", "code": $cur },
    "parties": $nonEmpty([$party("BT", billTo, customer.name), $party("ST", shipTo, undefined)]),
    "terms": terms ? [{
      "type": "01",
      "basisDate": "3",
      "netDueDate": dueDate,
      "netDays": terms.netDays,
      "description": $ediSafe(terms.description)
    }],
    "lines": [$map($ensureArray(lines), function($l) { {
      "lineNumber": $ediSafe($l.lineId),
      "quantity": $l.quantity,
      "uom": $uom($l.uom),
      "unitPrice": $dec($l.unitPrice),
      "vendorItem": $ediSafe($l.sku),
      "description": $ediSafe($l.description),
      "allowances": $nonEmpty([$map($ensureArray($l.discounts), $allowance)])
    } })],
    "totalAmount": $dec(totals.grandTotal),
    "taxes": $nonEmpty([$map($ensureArray(taxes), function($t) { {
      "type": $taxType($t.jurisdiction),
      "amount": $dec($t.amount),
      "percent": $number($moneyMul($t.rate, 100))
    } })]),
    "allowances": $nonEmpty([
      $map($ensureArray(discounts), $allowance),
      $map($ensureArray(shippingLines), function($s) { {
        "indicator": "C",
        "code": "D240",
        "amount": $dec($s.price),
        "description": $ediSafe($join([$s.carrier, $s.service], " "))
      } })
    ])
  }
)`,
  tests: [
    { name: "two lines billed for the partial shipment: line discount, two taxes, freight, NET30", input: sampleInvoice, expected: twoLinesExpected },
    { name: "single-line CAD invoice: cases, invoice discount, no bill-to, no terms, text with delimiters", input: singleLineCad, expected: singleLineCadExpected },
  ],
};
