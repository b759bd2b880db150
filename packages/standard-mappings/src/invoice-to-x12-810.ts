import { sampleInvoice } from "@ipaas/canonical";
import type { MappingInput } from "@ipaas/mapping-engine";
import singleLineCad from "../fixtures/invoice-single-line-cad.json" with { type: "json" };
import singleLineCadExpected from "../fixtures/x12-810-single-line-cad.expected.json" with { type: "json" };
import twoLinesExpected from "../fixtures/x12-810-two-lines.expected.json" with { type: "json" };

/**
 * Canonical Invoice → X12 004010 810 Invoice, as the segment array described in
 * src/x12-json.ts (ST through SE).
 *
 * - BIG: invoice date (CCYYMMDD), invoice number, PO date (not known to the
 *   canonical invoice: left empty), PO number (orderRef.orderNumber).
 * - CUR*SE only when the currency is not USD (X12 assumes USD otherwise).
 * - N1 loops: BT (billTo, else the customer's name alone), ST (shipTo), with N3/N4.
 * - ITD: basic terms (01) from the invoice date (3), net due date and net days, terms text.
 * - IT1: line id, quantity, unit (canonical CS is X12 CA), unit price as an R
 *   decimal in major units ("19.99", "49"), VP = our SKU; PID*F the description;
 *   each line discount is SAC*A*C310 on that line.
 * - Summary: TDS01 is the grand total as N2, i.e. an integer with 2 implied
 *   decimals (104.98 → "10498"), computed exactly from minor units; TXI per tax
 *   (ST for a state jurisdiction "US-TX", LS for a local one, TX otherwise; amount
 *   and percent as R decimals); SAC*A*C310 per invoice discount and SAC*C*D240 per
 *   freight line (SAC05 is N2 as well); CTT01 is the number of IT1 segments.
 * - Free text goes through $ediSafe.
 */
export const invoiceToX12810: MappingInput = {
  name: "Invoice → X12 810 Invoice",
  sourceSample: sampleInvoice,
  targetSchema: "X12 transaction set",
  version: 1,
  expression: `(
  $cur := currency;
  $x := function($v) { $exists($v) ? $string($v) : "" };
  $seg := function($id, $els) { (
    $n := $max($map($els, function($v, $i) { $v != "" ? $i + 1 : 0 }));
    { "id": $id, "elements": [$filter($els, function($v, $i) { $i < $n })] }
  ) };
  $flat := function($a) { $reduce($a, function($acc, $v) { $append($acc, $type($v) = "array" ? $flat($v) : [$v]) }, []) };
  $r := function($money) { $string($number($fromMinor($money.amountMinor, $cur))) };
  $n2 := function($money) { $string($number($moneyMul($fromMinor($money.amountMinor, $cur), 100))) };
  $d8 := function($d) { $exists($d) ? $formatDate($d, "yyyyMMdd") : "" };
  $uom := function($u) { $u = "CS" ? "CA" : $u };
  $party := function($code, $a, $fallbackName) { $a ? [
    $seg("N1", [$code, $ediSafe($coalesce($a.company, $a.name, $fallbackName))]),
    $seg("N3", [$ediSafe($a.line1), $x($ediSafe($a.line2))]),
    $seg("N4", [$ediSafe($a.city), $x($a.region), $x($a.postalCode), $a.countryCode])
  ] : ($fallbackName ? [$seg("N1", [$code, $ediSafe($fallbackName)])]) };
  $allowance := function($d) { $seg("SAC", ["A", "C310", "", "", $n2($d.amount), "", "", "", "", "", "", "", "", "", $x($ediSafe($coalesce($d.description, $d.code)))]) };
  $taxType := function($j) { $count($split($j, "-")) = 2 ? "ST" : ($count($split($j, "-")) > 2 ? "LS" : "TX") };
  $lines := $ensureArray(lines);
  $body := $flat([
    $seg("BIG", [$d8(invoiceDate), $ediSafe(invoiceNumber), "", $x($ediSafe(orderRef.orderNumber))]),
    $cur != "USD" ? $seg("CUR", ["SE", $cur]),
    $party("BT", billTo, customer.name),
    $party("ST", shipTo, undefined),
    terms ? $seg("ITD", ["01", "3", "", "", "", $d8(dueDate), $x(terms.netDays), "", "", "", "", $x($ediSafe(terms.description))]),
    $map($lines, function($l) { [
      $seg("IT1", [$ediSafe($l.lineId), $string($l.quantity), $uom($l.uom), $r($l.unitPrice), "", "VP", $ediSafe($l.sku)]),
      $seg("PID", ["F", "", "", "", $ediSafe($l.description)]),
      $map($ensureArray($l.discounts), $allowance)
    ] }),
    $seg("TDS", [$n2(totals.grandTotal)]),
    $map($ensureArray(taxes), function($t) {
      $seg("TXI", [$taxType($t.jurisdiction), $r($t.amount), $string($number($moneyMul($t.rate, 100)))])
    }),
    $map($ensureArray(discounts), $allowance),
    $map($ensureArray(shippingLines), function($s) {
      $seg("SAC", ["C", "D240", "", "", $n2($s.price), "", "", "", "", "", "", "", "", "", $x($ediSafe($join([$s.carrier, $s.service], " ")))])
    }),
    $seg("CTT", [$string($count($lines))])
  ]);
  $flat([
    $seg("ST", ["810", "0001"]),
    $body,
    $seg("SE", [$string($count($body) + 2), "0001"])
  ])
)`,
  tests: [
    { name: "two lines billed for the partial shipment: line discount, two taxes, freight, NET30", input: sampleInvoice, expected: twoLinesExpected },
    { name: "single-line CAD invoice: cases, invoice discount, no bill-to, no terms, text with delimiters", input: singleLineCad, expected: singleLineCadExpected },
  ],
};
