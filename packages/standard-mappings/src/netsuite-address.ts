/**
 * A JSONata function shared by the mappings that read NetSuite transactions: a
 * NetSuite address subrecord (shippingAddress, billingAddress) → canonical Address,
 * nothing when the record has none. With an attention line, addressee is the
 * company and attention the person; without one, addressee is the name.
 */
export const netSuiteAddressFunction = `function($a) { $a ? {
    "name": $coalesce($a.attention, $a.addressee),
    "company": $a.attention ? $coalesce($a.addressee),
    "line1": $a.addr1,
    "line2": $coalesce($a.addr2),
    "city": $a.city,
    "region": $coalesce($a.state),
    "postalCode": $coalesce($a.zip),
    "countryCode": $a.country.id,
    "phone": $coalesce($a.addrPhone)
  } }`;
