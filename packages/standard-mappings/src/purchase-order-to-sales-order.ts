import type { MappingInput } from "@ipaas/mapping-engine";
import dropship from "../fixtures/x12-850-dropship-single-line.expected.json" with { type: "json" };
import standard from "../fixtures/x12-850-standard.expected.json" with { type: "json" };
import dropshipExpected from "../fixtures/purchase-order-dropship-sales-order.expected.json" with { type: "json" };
import standardExpected from "../fixtures/purchase-order-standard-sales-order.expected.json" with { type: "json" };

/**
 * Canonical PurchaseOrder a retailer sent us (we are the seller, usually from an EDI 850)
 * → canonical SalesOrder, so the same SalesOrder → ERP mappings serve EDI and web orders.
 *
 * - externalId `edi:<buyer>:<poNumber>` (buyer = its EDI id, else its name): the upsert key
 *   downstream, so the same PO received twice updates one order.
 * - customer: the buyer's externalId when the PO names one, else its EDI id or name; the ERP
 *   mapping resolves it through its customer table (netsuite-customer).
 * - SKU: the seller's (our) part number when the retailer sends it (PO1 VP), else the
 *   buyer's part number (then the GTIN) through table "x12-item-sku" (their item numbers ↔
 *   our SKUs): a number missing there fails the run naming it (LOOKUP_MISSING).
 * - Price: the PO line's price; a line priced by contract (no PO104) reads "x12-contract-price"
 *   (SKU → decimal price in the PO currency).
 * - A cancelled PO (BEG01 01) is a cancelled order; every other status is open.
 */
export const purchaseOrderToSalesOrder: MappingInput = {
  name: "PurchaseOrder → SalesOrder",
  sourceSample: standard,
  targetSchema: "SalesOrder",
  version: 1,
  expression: `(
  $cur := currency;
  $buyerKey := $coalesce(buyer.ediId, buyer.name);
  {
    "externalId": "edi:" & $buyerKey & ":" & poNumber,
    "externalIds": [{ "system": "edi:" & $buyerKey, "id": poNumber }],
    "orderNumber": poNumber,
    "channel": "edi",
    "orderDate": orderDate & "T00:00:00Z",
    "currency": $cur,
    "status": status = "cancelled" ? "cancelled" : "open",
    "customer": { "externalId": $coalesce(buyer.externalId, $buyerKey), "name": buyer.name },
    "customerPoNumber": poNumber,
    "billTo": billTo,
    "shipTo": shipTo,
    "lines": [lines.(
      $sku := vendorPartNumber ? vendorPartNumber : $lookup("x12-item-sku", $coalesce(buyerPartNumber, gtin));
      {
        "lineId": lineId,
        "sku": $sku,
        "gtin": gtin,
        "description": description ? description : $sku,
        "quantity": quantity,
        "uom": uom,
        "unitsPerUom": unitsPerUom,
        "unitPrice": unitPrice ? unitPrice : { "amountMinor": $toMinor($string($lookup("x12-contract-price", $sku)), $cur), "currency": $cur }
      }
    )],
    "notes": notes,
    "tags": $append(["edi"], type = "dropship" ? ["dropship"] : []),
    "requestedShipDate": requestedShipDate
  }
)`,
  tests: [
    { name: "standard PO: our part numbers sent, prices on the lines, DC ship-to", input: standard, expected: standardExpected },
    { name: "dropship PO: consumer ship-to, tagged dropship", input: dropship, expected: dropshipExpected },
  ],
};
