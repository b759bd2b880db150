import type { MappingInput } from "@ipaas/mapping-engine";
import complete from "../fixtures/netsuite-item-fulfillment-complete.json" with { type: "json" };
import completeExpected from "../fixtures/netsuite-item-fulfillment-complete.expected.json" with { type: "json" };
import partial from "../fixtures/netsuite-item-fulfillment-partial.json" with { type: "json" };
import partialExpected from "../fixtures/netsuite-item-fulfillment-partial.expected.json" with { type: "json" };
import { netSuiteAddressFunction } from "./netsuite-address";

/**
 * NetSuite REST record `itemFulfillment` (GET /services/rest/record/v1/itemFulfillment/{id}
 * with `expandSubResources=true`) → canonical Shipment.
 *
 * - Only shipped fulfillments map: shipStatus other than C (Shipped) fails the run
 *   (a picked or packed fulfillment has not left the warehouse).
 * - Only lines that shipped become package lines: itemReceive true and quantity > 0.
 *   partial is true when any order line stays open, i.e. a line was not received or
 *   shipped less than its quantityRemaining.
 * - lineId is the canonical order lineId that "SalesOrder → NetSuite salesOrder"
 *   wrote to custcol_ipaas_line_id, else the NetSuite orderLine number.
 * - Packages come from `package.items` (or the SOAP-style `packageList.package`, or
 *   the carrier-integration sublists packageUps / packageFedEx / packageUsps).
 *   NetSuite does not record which package holds which item: a line goes into the
 *   package numbered by its custcol_ipaas_package (1-based), default the first.
 *   Packages left without lines are dropped (a canonical package has contents).
 *   packageWeight is in pounds (NetSuite's default weight unit); 0 means unknown.
 * - SSCC-18 per package (an 856 needs one per carton): NetSuite has no SSCC field on a
 *   package, so they are read from body field custbody_ipaas_sscc (SSCCs separated by
 *   commas or spaces, one per package in package order — where a WMS or label printer
 *   writes them back); else, when lookup "gs1-sscc" has a "default" entry
 *   ({ companyPrefix, extensionDigit }), made deterministically from the fulfillment's
 *   internal id and the package number (id × 100 + n: the same cartons get the same
 *   SSCCs on a retry, and the labels must be printed from the same rule); else none.
 * - Carrier and service level from lookup "netsuite-ship-method" (shipMethod id →
 *   { carrier, serviceLevel }), else the ship method's name for both.
 * - shipFrom from lookup "netsuite-location-address" (location id → Address), left out for a location without an entry: the address is informational.
 */
export const netSuiteItemFulfillmentToShipment: MappingInput = {
  name: "NetSuite itemFulfillment → Shipment",
  sourceSample: partial,
  targetSchema: "Shipment",
  version: 1,
  expression: `(
  shipStatus.id != "C" ? $error("itemFulfillment " & tranId & " is not shipped (shipStatus " & shipStatus.id & ")");
  $lines := $ensureArray(item.items);
  $shipped := $lines[itemReceive = true and quantity > 0];
  $open := $lines[itemReceive != true or (quantityRemaining > quantity)];
  $pkgs := $ensureArray(
    package.items ? package.items
    : packageList.package ? packageList.package
    : packageUps.items ? packageUps.items.{ "packageTrackingNumber": packageTrackingNumberUps, "packageWeight": packageWeightUps }
    : packageFedEx.items ? packageFedEx.items.{ "packageTrackingNumber": packageTrackingNumberFedEx, "packageWeight": packageWeightFedEx }
    : packageUsps.items.{ "packageTrackingNumber": packageTrackingNumberUsps, "packageWeight": packageWeightUsps }
  );
  $given := [$filter($split($coalesce(custbody_ipaas_sscc, ""), /[\\s,;]+/), function($v) { $v != "" })];
  $gs1 := $lookupOr("gs1-sscc", "default");
  $sscc := function($i) { $exists($given[$i]) ? $given[$i] : ($gs1 ? $makeSscc($gs1.extensionDigit, $gs1.companyPrefix, $number(id) * 100 + $i + 1)) };
  $pkgs := $count($pkgs) > 0 ? $pkgs : [{}];
  $method := $lookup("netsuite-ship-method", shipMethod.id, { "carrier": shipMethod.refName, "serviceLevel": shipMethod.refName });
  $address := ${netSuiteAddressFunction};
  $packageLine := function($l) { {
    "lineId": $string($coalesce($l.custcol_ipaas_line_id, $l.orderLine)),
    "sku": $l.item.refName,
    "quantity": $l.quantity,
    "uom": $coalesce($l.units.refName, "EA")
  } };
  {
    "shipmentId": tranId,
    "externalIds": [{ "system": "netsuite", "id": id }],
    "orderRefs": [{
      "orderNumber": $coalesce(otherRefNum, $substringAfter(createdFrom.refName, "#")),
      "externalId": $coalesce(createdFrom.externalId)
    }],
    "shipDate": tranDate,
    "carrier": $method.carrier,
    "serviceLevel": $method.serviceLevel,
    "shipFrom": $lookupOr("netsuite-location-address", location.id),
    "shipTo": $address(shippingAddress),
    "partial": $count($open) > 0,
    "packages": [$filter($map($pkgs, function($p, $i) { {
      "sscc": $sscc($i),
      "trackingNumber": $coalesce($p.packageTrackingNumber),
      "weight": $p.packageWeight > 0 ? { "value": $p.packageWeight, "unit": "lb" },
      "lines": [$map($shipped[$default(custcol_ipaas_package, 1) = $i + 1], $packageLine)]
    } }), function($p) { $count($p.lines) > 0 })],
    "updatedAt": $coalesce(lastModifiedDate)
  }
)`,
  tests: [
    { name: "partial: 2 of 3 lines shipped in two UPS cartons, the case of gadgets not received", input: partial, expected: partialExpected },
    { name: "complete single-line FedEx shipment, packageList, no line id custom field", input: complete, expected: completeExpected },
  ],
};
