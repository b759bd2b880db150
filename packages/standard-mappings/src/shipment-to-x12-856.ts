import { sampleShipment } from "@ipaas/canonical";
import type { MappingInput } from "@ipaas/mapping-engine";
import { X12_ADDRESS_FUNCTION } from "./x12-snippets";
import singleCarton from "../fixtures/shipment-single-carton.json" with { type: "json" };
import singleCartonExpected from "../fixtures/x12-856-single-carton.expected.json" with { type: "json" };
import twoCartonsExpected from "../fixtures/x12-856-two-cartons.expected.json" with { type: "json" };

/**
 * Canonical Shipment → X12 856 Advance Ship Notice as the typed JSON of
 * `@ipaas/x12` ("X12 856"); the "send X12" step writes the segments and the envelope.
 *
 * - Pick-and-pack structure 0001: shipment → one order → a pack per package → an
 *   item per package line (the writer numbers the HL levels and computes CTT).
 * - Shipment: lading (carton count, total gross weight in the first package's unit
 *   family, LB or KG), carrier (SCAC from lookup "x12-carrier-scac", else the carrier
 *   code; transport U for parcel carriers, M otherwise; service level as routing),
 *   references BM bill of lading and CN PRO number, date 011 shipped, parties SF and ST.
 * - Order: poNumber is the customer's PO (orderRefs[0].orderNumber, else its
 *   externalId). A shipment for several orders fails: it needs one ASN per order.
 * - Pack: the SSCC-18 (MAN*GM) and the tracking number (REF*CN).
 * - Item: lineNumber (order lineId), vendorItem (our SKU), lotNumber, quantity, unit
 *   (canonical CS is X12 CA).
 * - shipTime is the time of updatedAt (00:00 without one); free text goes through $ediSafe.
 */
export const shipmentToX12856: MappingInput = {
  name: "Shipment → X12 856 ASN",
  sourceSample: sampleShipment,
  targetSchema: "X12 856",
  version: 2,
  expression: `(
  $count(orderRefs) > 1 ? $error("an 856 covers one order: shipment " & shipmentId & " has " & $count(orderRefs));
  $nonEmpty := function($a) { $count($a) > 0 ? $a };
  ${X12_ADDRESS_FUNCTION}
  $party := function($role, $a) { $a ? {
    "role": $role,
    "name": $ediSafe($coalesce($a.company, $a.name)),
    "address": $x12Address($a)
  } };
  $uom := function($u) { $u = "CS" ? "CA" : $u };
  $pkgs := $ensureArray(packages);
  $wUnit := $pkgs[0].weight.unit in ["kg", "g"] ? "kg" : "lb";
  $weights := $pkgs.weight.$convertUom(value, unit, $wUnit);
  $parcel := carrier in ["UPS", "FEDEX", "USPS", "DHL", "ONTRAC"];
  $order := orderRefs[0];
  {
    "set": "856",
    "purpose": "00",
    "shipmentId": $ediSafe(shipmentId),
    "shipDate": shipDate,
    "shipTime": updatedAt ? $formatDate(updatedAt, "HH:mm") : "00:00",
    "structure": "0001",
    "shipment": {
      "lading": {
        "packagingCode": "CTN25",
        "quantity": $count($pkgs),
        "weightQualifier": $count($weights) > 0 ? "G",
        "weight": $count($weights) > 0 ? $number($moneyRound($moneySum($weights), 2)),
        "weightUom": $count($weights) > 0 ? $uppercase($wUnit)
      },
      "carrier": {
        "routingSequence": "B",
        "idQualifier": "2",
        "scac": $ediSafe($lookup("x12-carrier-scac", carrier, carrier)),
        "transportMethod": $parcel ? "U" : "M",
        "routing": $ediSafe(serviceLevel)
      },
      "references": $nonEmpty([
        billOfLading ? { "qualifier": "BM", "value": $ediSafe(billOfLading) },
        proNumber ? { "qualifier": "CN", "value": $ediSafe(proNumber) }
      ]),
      "dates": [{ "qualifier": "011", "date": shipDate }],
      "parties": [$party("SF", shipFrom), $party("ST", shipTo)]
    },
    "orders": [{
      "poNumber": $ediSafe($coalesce($order.orderNumber, $order.externalId)),
      "packs": [$map($pkgs, function($p) { {
        "sscc": $p.sscc,
        "trackingNumber": $ediSafe($p.trackingNumber),
        "items": [$map($ensureArray($p.lines), function($l) { {
          "lineNumber": $ediSafe($l.lineId),
          "vendorItem": $ediSafe($l.sku),
          "lotNumber": $ediSafe($l.lotNumber),
          "quantity": $l.quantity,
          "uom": $uom($l.uom)
        } })]
      } })]
    }]
  }
)`,
  tests: [
    { name: "partial shipment: two cartons with SSCC and tracking, lot number, UPS parcel", input: sampleShipment, expected: twoCartonsExpected },
    { name: "single carton of one case, FedEx, no updatedAt", input: singleCarton, expected: singleCartonExpected },
  ],
};
