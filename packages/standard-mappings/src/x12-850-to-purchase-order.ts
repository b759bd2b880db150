import type { MappingInput } from "@ipaas/mapping-engine";
import dropship from "../fixtures/x12-850-dropship-single-line.json" with { type: "json" };
import dropshipExpected from "../fixtures/x12-850-dropship-single-line.expected.json" with { type: "json" };
import standard from "../fixtures/x12-850-standard.json" with { type: "json" };
import standardExpected from "../fixtures/x12-850-standard.expected.json" with { type: "json" };

/**
 * X12 004010 850 Purchase Order (the segment array described in src/x12-json.ts)
 * → canonical PurchaseOrder. We are the seller: a retailer orders from us.
 *
 * - BEG: BEG01 purpose (01 = cancellation → status cancelled, else open), BEG02
 *   type (SA/NE standard, DS dropship, BK blanket, RL release), BEG03 PO number,
 *   BEG05 PO date. Dates CCYYMMDD become ISO dates (invalid dates fail the run).
 * - CUR*BY currency (default USD); ITD07 net days → paymentTerms "NET<days>";
 *   DTM 010 requested ship, 002 requested delivery, 001 cancel after; TD505 routing
 *   → shippingMethod; every MSG01 → notes; AMT*TT → totalAmount.
 * - N1 loops (the N2/N3/N4 right after an N1 belong to it): BY buyer, SE or VN
 *   seller (else lookup "x12-defaults" sellerName), ST ship-to (N104 under
 *   qualifier 92 → shipToLocationCode; with an N2 the N1 name is the company and
 *   N2 the recipient), BT bill-to. N103 UL → the party's GLN.
 * - PO1: PO101 line id, PO102 quantity, PO103 unit (X12 CA is canonical CS),
 *   PO104 unit price (rounded half-even to the currency, then exact minor units),
 *   product id pairs from PO106: VP vendor (our) part number, BP buyer part number,
 *   UP/UK/EN GTIN. The PID*F and PO4 (pack = unitsPerUom) after a PO1 belong to it.
 */
export const x12850ToPurchaseOrder: MappingInput = {
  name: "X12 850 → PurchaseOrder",
  sourceSample: standard,
  targetSchema: "PurchaseOrder",
  version: 1,
  expression: `(
  $segs := $ensureArray($);
  $first := function($id) { $segs[id = $id][0] };
  $el := function($s, $n) { $s.elements[$n - 1] ? $s.elements[$n - 1] };
  $date := function($v) { $v ? $formatDate($parseDate($v, "yyyyMMdd"), "yyyy-MM-dd") };
  $beg := $first("BEG");
  $cur := $coalesce($el($segs[id = "CUR" and elements[0] = "BY"][0], 2), "USD");
  $dtm := function($q) { $date($el($segs[id = "DTM" and elements[0] = $q][0], 2)) };
  $after := function($i, $ids) { $segs[$i].id in $ids ? $append([$segs[$i]], $after($i + 1, $ids)) : [] };
  $indexes := function($id) { [$filter($map($segs, function($s, $i) { $s.id = $id ? $i : -1 }), function($i) { $i >= 0 })] };
  $n1 := function($codes) { (
    $i := $filter($indexes("N1"), function($k) { $segs[$k].elements[0] in $codes })[0];
    $exists($i) ? $merge([{ "n1": $segs[$i] }, { "loop": $after($i + 1, ["N2", "N3", "N4", "PER"]) }])
  ) };
  $address := function($p) { (
    $n2 := $p.loop[id = "N2"][0];
    $n3 := $p.loop[id = "N3"][0];
    $n4 := $p.loop[id = "N4"][0];
    $n3 and $n4 ? {
      "name": $n2 ? $el($n2, 1) : $el($p.n1, 2),
      "company": $n2 ? $el($p.n1, 2),
      "line1": $el($n3, 1),
      "line2": $el($n3, 2),
      "city": $el($n4, 1),
      "region": $el($n4, 2),
      "postalCode": $el($n4, 3),
      "countryCode": $coalesce($el($n4, 4), "US")
    }
  ) };
  $party := function($p, $fallbackName) { {
    "name": $coalesce($el($p.n1, 2), $fallbackName),
    "gln": $el($p.n1, 3) = "UL" ? $el($p.n1, 4),
    "address": $address($p)
  } };
  $by := $n1(["BY"]);
  $se := $n1(["SE", "VN"]);
  $st := $n1(["ST"]);
  $bt := $n1(["BT"]);
  $netDays := $el($first("ITD"), 7);
  $total := $segs[id = "AMT" and elements[0] = "TT"][0];
  $types := { "SA": "standard", "NE": "standard", "DS": "dropship", "BK": "blanket", "RL": "release" };
  $lineOf := function($i) { (
    $po1 := $segs[$i];
    $rest := $after($i + 1, ["PID", "PO4", "DTM", "MSG", "REF", "SAC"]);
    $ids := $merge($map([5, 7, 9, 11, 13], function($k) { $po1.elements[$k] ? { $po1.elements[$k]: $po1.elements[$k + 1] } }));
    $gtin := $coalesce($lookup($ids, "UK"), $lookup($ids, "EN"), $lookup($ids, "UP"));
    $price := $el($po1, 4);
    $pack := $el($rest[id = "PO4"][0], 1);
    {
      "lineId": $el($po1, 1),
      "buyerPartNumber": $coalesce($lookup($ids, "BP")),
      "vendorPartNumber": $coalesce($lookup($ids, "VP")),
      "gtin": $gtin,
      "description": $coalesce($el($rest[id = "PID" and elements[0] = "F"][0], 5)),
      "quantity": $number($el($po1, 2)),
      "uom": $el($po1, 3) = "CA" ? "CS" : $el($po1, 3),
      "unitsPerUom": $pack ? $number($pack),
      "unitPrice": $price ? { "amountMinor": $toMinor($money($price, $cur), $cur), "currency": $cur }
    }
  ) };
  {
    "poNumber": $el($beg, 3),
    "type": $lookup($types, $el($beg, 2)) ? $lookup($types, $el($beg, 2)) : "standard",
    "status": $el($beg, 1) = "01" ? "cancelled" : "open",
    "buyer": $party($by, "Unknown buyer"),
    "seller": $party($se, $lookupOr("x12-defaults", "sellerName")),
    "orderDate": $date($el($beg, 5)),
    "requestedShipDate": $dtm("010"),
    "requestedDeliveryDate": $dtm("002"),
    "cancelAfter": $dtm("001"),
    "shipTo": $address($st),
    "shipToLocationCode": $el($st.n1, 3) = "92" ? $el($st.n1, 4),
    "billTo": $address($bt),
    "currency": $cur,
    "paymentTerms": $netDays ? "NET" & $netDays,
    "shippingMethod": $coalesce($el($first("TD5"), 5)),
    "lines": [$map($indexes("PO1"), $lineOf)],
    "totalAmount": $total ? { "amountMinor": $toMinor($money($el($total, 2), $cur), $cur), "currency": $cur },
    "notes": [$segs[id = "MSG"].$el($, 1)]
  }
)`,
  tests: [
    { name: "standard PO: 2 lines (case pack, GTINs, VP/BP), dates, terms, notes, DC ship-to", input: standard, expected: standardExpected },
    { name: "dropship PO, one line, consumer ship-to, no CUR, seller from defaults", input: dropship, expected: dropshipExpected },
  ],
};
