import type { MappingInput } from "@ipaas/mapping-engine";
import changedExpected from "../fixtures/x12-855-changed-line.expected.json" with { type: "json" };
import acceptedExpected from "../fixtures/x12-855-accepted.expected.json" with { type: "json" };
import dropship from "../fixtures/x12-850-dropship-single-line.expected.json" with { type: "json" };
import standard from "../fixtures/x12-850-standard.expected.json" with { type: "json" };

/**
 * Canonical PurchaseOrder (the retailer's 850 as read by x12-850-to-purchase-order)
 * → X12 855 Purchase Order Acknowledgment as the typed JSON of `@ipaas/x12`
 * ("X12 855"). We are the seller acknowledging the buyer's PO.
 *
 * - Every line is echoed (PO1: line id, quantity, unit with canonical CS as X12 CA,
 *   price in major units, buyer / vendor part numbers, the GTIN as UPC (12 digits),
 *   EAN (13) or GTIN-14) with one ACK line.
 * - What we accept per line comes from the optional `acknowledgedLines` list next to
 *   the PO fields: `{ lineId, quantity, shipDate? }` (e.g. what the ERP took). Without
 *   an entry a line is accepted as ordered (ACK IA); a smaller quantity is IQ
 *   (quantity changed), zero is IR (rejected). The ACK date (068, current scheduled
 *   ship) is the entry's shipDate, else the PO's requestedShipDate.
 * - BAK02 is AD (acknowledge, no change) when every line is IA, else AC (with
 *   changes); a cancelled PO is RJ. BAK08 is the date of `acknowledgedAt` when given.
 * - The ship-to is echoed as N1*ST (location code under qualifier 92). Free text
 *   goes through $ediSafe.
 */
export const purchaseOrderToX12855: MappingInput = {
  name: "PurchaseOrder → X12 855 PO acknowledgment",
  sourceSample: standard,
  targetSchema: "X12 855",
  version: 1,
  expression: `(
  $cur := currency;
  $acks := $ensureArray(acknowledgedLines);
  $uom := function($u) { $u = "CS" ? "CA" : $u };
  $gtinOf := function($g, $len) { $length($g) = $len ? $g };
  $lines := [$map($ensureArray(lines), function($l) { (
    $a := $acks[lineId = $l.lineId][0];
    $qty := $exists($a) ? $a.quantity : $l.quantity;
    $status := status = "cancelled" or $qty = 0 ? "IR" : ($qty < $l.quantity ? "IQ" : "IA");
    $date := $coalesce($a.shipDate, requestedShipDate);
    {
      "lineNumber": $ediSafe($l.lineId),
      "quantity": $l.quantity,
      "uom": $uom($l.uom),
      "unitPrice": $l.unitPrice ? $number($fromMinor($l.unitPrice.amountMinor, $cur)),
      "priceBasis": $l.unitPrice ? "PE",
      "buyerItem": $ediSafe($l.buyerPartNumber),
      "vendorItem": $ediSafe($l.vendorPartNumber),
      "upc": $gtinOf($l.gtin, 12),
      "ean": $gtinOf($l.gtin, 13),
      "gtin": $gtinOf($l.gtin, 14),
      "pack": $l.unitsPerUom,
      "acknowledgements": [{
        "status": $status,
        "quantity": $qty,
        "uom": $uom($l.uom),
        "dateQualifier": $date ? "068",
        "date": $date
      }]
    }
  ) })];
  {
    "set": "855",
    "purpose": "00",
    "ackType": status = "cancelled" ? "RJ" : ($count($lines[acknowledgements[0].status != "IA"]) > 0 ? "AC" : "AD"),
    "poNumber": $ediSafe(poNumber),
    "poDate": orderDate,
    "ackDate": acknowledgedAt ? $substring(acknowledgedAt, 0, 10),
    "currency": $cur != "USD" ? { "entity": "SE", "code": $cur },
    "parties": shipToLocationCode or shipTo ? [{
      "role": "ST",
      "name": $ediSafe($coalesce(shipTo.company, shipTo.name)),
      "idQualifier": shipToLocationCode ? "92",
      "id": $ediSafe(shipToLocationCode)
    }],
    "lines": $lines
  }
)`,
  tests: [
    { name: "every line accepted as ordered: AD, ACK IA with the requested ship date, DC ship-to echoed", input: standard, expected: acceptedExpected },
    {
      name: "dropship PO, the ERP took fewer than ordered: AC, ACK IQ with the new quantity and ship date",
      input: { ...dropship, lines: [{ ...dropship.lines[0], quantity: 3 }], acknowledgedLines: [{ lineId: "1", quantity: 2, shipDate: "2025-03-24" }], acknowledgedAt: "2025-03-21T09:30:00Z" },
      expected: changedExpected,
    },
  ],
};
