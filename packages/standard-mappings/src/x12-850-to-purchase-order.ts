import type { MappingInput } from "@ipaas/mapping-engine";
import dropship from "../fixtures/x12-850-dropship-single-line.json" with { type: "json" };
import dropshipExpected from "../fixtures/x12-850-dropship-single-line.expected.json" with { type: "json" };
import standard from "../fixtures/x12-850-standard.json" with { type: "json" };
import standardExpected from "../fixtures/x12-850-standard.expected.json" with { type: "json" };

/**
 * X12 850 Purchase Order, as the typed JSON of `@ipaas/x12` ("X12 850": see
 * X12_DOCUMENT_SCHEMAS), → canonical PurchaseOrder. We are the seller: a retailer
 * orders from us. Dates are already ISO, prices and quantities numbers.
 *
 * - purpose 01 (cancellation) → status cancelled, else open; type (BEG02) SA/NE
 *   standard, DS dropship, BK blanket, RL release.
 * - currency.code (CUR, default USD); terms[0].netDays → paymentTerms "NET<days>";
 *   dates 010 requested ship, 002 requested delivery, 001 cancel after;
 *   carrier.routing → shippingMethod; every note message → notes; totalAmount → totalAmount.
 * - parties: BY buyer, SE or VN seller (else lookup "x12-defaults" sellerName), ST
 *   ship-to (id under qualifier 92 → shipToLocationCode; with an additionalName (N2)
 *   the party name is the company and N2 the recipient), BT bill-to; qualifier UL → GLN.
 * - lines: lineNumber, quantity, uom (X12 CA is canonical CS), unitPrice rounded
 *   half-even to the currency then exact minor units, vendorItem / buyerItem part
 *   numbers, gtin then ean then upc as GTIN, description, pack → unitsPerUom.
 */
export const x12850ToPurchaseOrder: MappingInput = {
  name: "X12 850 → PurchaseOrder",
  sourceSample: standard,
  targetSchema: "PurchaseOrder",
  version: 2,
  expression: `(
  $cur := $coalesce(currency.code, "USD");
  $dtm := function($q) { $ensureArray(dates)[qualifier = $q][0].date };
  $partyOf := function($roles) { $ensureArray(parties)[role in $roles][0] };
  $address := function($p) { $p.address.line1 and $p.address.city ? {
    "name": $p.additionalName ? $p.additionalName : $p.name,
    "company": $p.additionalName ? $p.name,
    "line1": $p.address.line1,
    "line2": $p.address.line2,
    "city": $p.address.city,
    "region": $p.address.state,
    "postalCode": $p.address.postalCode,
    "countryCode": $coalesce($p.address.country, "US")
  } };
  $party := function($p, $fallbackName) { {
    "name": $coalesce($p.name, $fallbackName),
    "gln": $p.idQualifier = "UL" ? $p.id,
    "address": $address($p)
  } };
  $amount := function($v) { $exists($v) ? { "amountMinor": $toMinor($money($v, $cur), $cur), "currency": $cur } };
  $st := $partyOf(["ST"]);
  $netDays := $ensureArray(terms)[0].netDays;
  $types := { "SA": "standard", "NE": "standard", "DS": "dropship", "BK": "blanket", "RL": "release" };
  {
    "poNumber": poNumber,
    "type": $exists(type) ? ($lookup($types, type) ? $lookup($types, type) : "standard") : "standard",
    "status": purpose = "01" ? "cancelled" : "open",
    "buyer": $party($partyOf(["BY"]), "Unknown buyer"),
    "seller": $party($partyOf(["SE", "VN"]), $lookupOr("x12-defaults", "sellerName")),
    "orderDate": poDate,
    "requestedShipDate": $dtm("010"),
    "requestedDeliveryDate": $dtm("002"),
    "cancelAfter": $dtm("001"),
    "shipTo": $address($st),
    "shipToLocationCode": $st.idQualifier = "92" ? $st.id,
    "billTo": $address($partyOf(["BT"])),
    "currency": $cur,
    "paymentTerms": $netDays ? "NET" & $netDays,
    "shippingMethod": carrier.routing,
    "lines": [$map($ensureArray(lines), function($l) { {
      "lineId": $l.lineNumber,
      "buyerPartNumber": $l.buyerItem,
      "vendorPartNumber": $l.vendorItem,
      "gtin": $coalesce($l.gtin, $l.ean, $l.upc),
      "description": $l.description,
      "quantity": $l.quantity,
      "uom": $l.uom = "CA" ? "CS" : $l.uom,
      "unitsPerUom": $l.pack,
      "unitPrice": $amount($l.unitPrice)
    } })],
    "totalAmount": $amount(totalAmount),
    "notes": [$ensureArray(notes).$ensureArray(messages)]
  }
)`,
  tests: [
    { name: "standard PO: 2 lines (case pack, GTINs, VP/BP), dates, terms, notes, DC ship-to", input: standard, expected: standardExpected },
    { name: "dropship PO, one line, consumer ship-to, no CUR, seller from defaults", input: dropship, expected: dropshipExpected },
  ],
};
