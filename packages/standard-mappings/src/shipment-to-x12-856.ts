import { sampleShipment } from "@ipaas/canonical";
import type { MappingInput } from "@ipaas/mapping-engine";
import singleCarton from "../fixtures/shipment-single-carton.json" with { type: "json" };
import singleCartonExpected from "../fixtures/x12-856-single-carton.expected.json" with { type: "json" };
import twoCartonsExpected from "../fixtures/x12-856-two-cartons.expected.json" with { type: "json" };

/**
 * Canonical Shipment → X12 004010 856 Advance Ship Notice, as the segment array
 * described in src/x12-json.ts (ST through SE).
 *
 * - Pick-and-pack structure (BSN05 0001): HL S (shipment) → O (order) → P (pack,
 *   one per package) → I (item, one per package line). HL01 numbers the levels in
 *   order, HL02 points at the parent, HL03 is the level code.
 * - Shipment level: TD1 (carton count, total gross weight in the first package's
 *   unit family, LB or KG), TD5 (SCAC from lookup "x12-carrier-scac", else the
 *   carrier code; U for parcel carriers, M otherwise), REF*BM bill of lading,
 *   REF*CN PRO number, DTM*011 ship date, N1/N3/N4 for ship-from (SF) and ship-to (ST).
 * - Order level: PRF01 is the customer's PO number (orderRefs[0].orderNumber, else
 *   its externalId). A shipment for several orders fails: it needs one ASN per order.
 * - Pack level: MAN*GM with the SSCC-18, MAN*CP with the tracking number.
 * - Item level: LIN (order lineId, VP = our SKU, LT = lot) and SN1 (quantity, unit;
 *   canonical CS is X12 CA).
 * - BSN03/BSN04 are the ship date and the time of updatedAt (0000 without one);
 *   free text goes through $ediSafe; CTT01 is the number of HL segments.
 */
export const shipmentToX12856: MappingInput = {
  name: "Shipment → X12 856 ASN",
  sourceSample: sampleShipment,
  targetSchema: "X12 transaction set",
  version: 1,
  expression: `(
  $count(orderRefs) > 1 ? $error("an 856 covers one order: shipment " & shipmentId & " has " & $count(orderRefs));
  $x := function($v) { $exists($v) ? $string($v) : "" };
  $seg := function($id, $els) { (
    $n := $max($map($els, function($v, $i) { $v != "" ? $i + 1 : 0 }));
    { "id": $id, "elements": [$filter($els, function($v, $i) { $i < $n })] }
  ) };
  $flat := function($a) { $reduce($a, function($acc, $v) { $append($acc, $type($v) = "array" ? $flat($v) : [$v]) }, []) };
  $party := function($code, $a) { $a ? [
    $seg("N1", [$code, $ediSafe($coalesce($a.company, $a.name))]),
    $seg("N3", [$ediSafe($a.line1), $x($ediSafe($a.line2))]),
    $seg("N4", [$ediSafe($a.city), $x($a.region), $x($a.postalCode), $a.countryCode])
  ] };
  $uom := function($u) { $u = "CS" ? "CA" : $u };
  $pkgs := $ensureArray(packages);
  $sizes := $map($pkgs, function($p) { 1 + $count($p.lines) });
  $packId := function($i) { 3 + $sum([$filter($sizes, function($v, $k) { $k < $i })]) };
  $wUnit := $pkgs[0].weight.unit in ["kg", "g"] ? "kg" : "lb";
  $weights := $pkgs.weight.$convertUom(value, unit, $wUnit);
  $parcel := carrier in ["UPS", "FEDEX", "USPS", "DHL", "ONTRAC"];
  $order := orderRefs[0];
  $body := $flat([
    $seg("BSN", ["00", $ediSafe(shipmentId), $formatDate(shipDate, "yyyyMMdd"), updatedAt ? $formatDate(updatedAt, "HHmm") : "0000", "0001"]),
    $seg("HL", ["1", "", "S"]),
    $seg("TD1", ["CTN25", $string($count($pkgs)), "", "", "", $count($weights) > 0 ? "G" : "", $count($weights) > 0 ? $moneyRound($moneySum($weights), 2) : "", $count($weights) > 0 ? $uppercase($wUnit) : ""]),
    $seg("TD5", ["B", "2", $ediSafe($lookup("x12-carrier-scac", carrier, carrier)), $parcel ? "U" : "M", $ediSafe(serviceLevel)]),
    billOfLading ? $seg("REF", ["BM", $ediSafe(billOfLading)]),
    proNumber ? $seg("REF", ["CN", $ediSafe(proNumber)]),
    $seg("DTM", ["011", $formatDate(shipDate, "yyyyMMdd")]),
    $party("SF", shipFrom),
    $party("ST", shipTo),
    $seg("HL", ["2", "1", "O"]),
    $seg("PRF", [$ediSafe($coalesce($order.orderNumber, $order.externalId))]),
    $map($pkgs, function($p, $i) { (
      $pid := $packId($i);
      [
        $seg("HL", [$string($pid), "2", "P"]),
        $p.sscc ? $seg("MAN", ["GM", $p.sscc]),
        $p.trackingNumber ? $seg("MAN", ["CP", $ediSafe($p.trackingNumber)]),
        $map($ensureArray($p.lines), function($l, $j) { [
          $seg("HL", [$string($pid + 1 + $j), $string($pid), "I"]),
          $seg("LIN", [$ediSafe($l.lineId), "VP", $ediSafe($l.sku), $l.lotNumber ? "LT" : "", $x($ediSafe($l.lotNumber))]),
          $seg("SN1", ["", $string($l.quantity), $uom($l.uom)])
        ] })
      ]
    ) })
  ]);
  $body := $append($body, $seg("CTT", [$string($count($body[id = "HL"]))]));
  $flat([
    $seg("ST", ["856", "0001"]),
    $body,
    $seg("SE", [$string($count($body) + 2), "0001"])
  ])
)`,
  tests: [
    { name: "partial shipment: two cartons with SSCC and tracking, lot number, UPS parcel", input: sampleShipment, expected: twoCartonsExpected },
    { name: "single carton of one case, FedEx, no updatedAt", input: singleCarton, expected: singleCartonExpected },
  ],
};
