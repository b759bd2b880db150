/**
 * JSONata shared by the mappings that produce X12 typed JSON (docs/architecture.md
 * "X12"): a canonical Address as the address of an N1 party (N3/N4), free text
 * through $ediSafe. Interpolated into each expression, so a copied mapping stays whole.
 */
export const X12_ADDRESS_FUNCTION = `$x12Address := function($a) { {
    "line1": $ediSafe($a.line1),
    "line2": $ediSafe($a.line2),
    "city": $ediSafe($a.city),
    "state": $a.region,
    "postalCode": $a.postalCode,
    "country": $a.countryCode
  } };`;
