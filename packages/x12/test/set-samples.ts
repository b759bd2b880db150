// Realistic typed documents, one per set, for the round-trip tests.
import { generateX12, writeTransactionSet, type Ack855, type Ack997, type Delimiters, type Inventory846, type Invoice810, type Po850, type Ship856, type Warehouse940, type Warehouse945, type X12Document } from "../src/index.js";

const dc = { role: "ST", name: "ACME DC 4", idQualifier: "92", id: "0042", address: { line1: "2200 Commerce Pkwy", line2: "Door 7", city: "Round Rock", state: "TX", postalCode: "78664", country: "US" } };

export const PO_850: Po850 = {
  set: "850", purpose: "00", type: "SA", poNumber: "4500012345", poDate: "2025-03-18",
  currency: { entity: "BY", code: "USD" },
  references: [{ qualifier: "DP", value: "042" }, { qualifier: "IA", value: "77120" }],
  contacts: [{ function: "BD", name: "Jo Buyer", phone: "512-555-0100", email: "jo@acme.example" }],
  terms: [{ type: "01", basisDate: "3", netDays: 45, description: "Net 45 days" }],
  dates: [{ qualifier: "010", date: "2025-03-24" }, { qualifier: "002", date: "2025-03-28" }, { qualifier: "001", date: "2025-04-15" }],
  carrier: { routing: "Best way LTL" },
  notes: [{ qualifier: "L1", value: "GEN", messages: ["Appointment required - call receiving 24h ahead"] }],
  parties: [{ role: "BY", name: "Acme Hardware LLC", idQualifier: "92", id: "ACME" }, { ...dc, additionalName: "Receiving Dept" }],
  lines: [
    { lineNumber: "1", quantity: 20, uom: "CA", unitPrice: 78, priceBasis: "PE", vendorItem: "GAD-200", buyerItem: "ACM-77120", gtin: "10081234500020", description: "Gadget, case of 12", pack: 12 },
    { lineNumber: "2", quantity: 500, uom: "EA", unitPrice: 9.25, priceBasis: "PE", buyerItem: "ACM-10055", vendorItem: "WID-100-BLK", upc: "081234500016", otherIds: [{ qualifier: "IN", id: "5551" }], description: "Widget, black" },
  ],
  totalAmount: 6185,
};

export const ACK_855: Ack855 = {
  set: "855", purpose: "00", ackType: "AC", poNumber: "4500012345", poDate: "2025-03-18", ackDate: "2025-03-19",
  references: [{ qualifier: "VR", value: "NW01" }],
  parties: [dc],
  lines: [
    { lineNumber: "1", quantity: 20, uom: "CA", unitPrice: 78, vendorItem: "GAD-200", acknowledgements: [{ status: "IA", quantity: 20, uom: "CA", dateQualifier: "068", date: "2025-03-24" }] },
    { lineNumber: "2", quantity: 500, uom: "EA", unitPrice: 9.25, vendorItem: "WID-100-BLK", acknowledgements: [{ status: "IQ", quantity: 450, uom: "EA" }, { status: "IB", quantity: 50, uom: "EA" }] },
  ],
};

export const ASN_856: Ship856 = {
  set: "856", purpose: "00", shipmentId: "SHP-2025-000731", shipDate: "2025-03-17", shipTime: "16:42", structure: "0001",
  shipment: {
    lading: { packagingCode: "CTN25", quantity: 3, weightQualifier: "G", weight: 28.5, weightUom: "LB" },
    carrier: { routingSequence: "B", idQualifier: "2", scac: "UPSN", transportMethod: "U", routing: "GROUND" },
    references: [{ qualifier: "BM", value: "BOL1001" }],
    dates: [{ qualifier: "011", date: "2025-03-17" }],
    parties: [{ role: "SF", name: "Northwind Supply DC1", address: { line1: "900 Logistics Way", city: "Austin", state: "TX", postalCode: "78744", country: "US" } }, dc],
  },
  orders: [
    {
      poNumber: "4500012345", poDate: "2025-03-18",
      parties: [{ role: "BY", name: "Store 12", idQualifier: "92", id: "0012" }],
      tares: [{ sscc: "000812345000000047", packs: [{ sscc: "000812345000000054", items: [{ lineNumber: "2", vendorItem: "WID-100-BLK", upc: "081234500016", quantity: 200, uom: "EA" }] }] }],
      packs: [
        { sscc: "000812345000000016", trackingNumber: "1Z999AA10123456784", items: [{ lineNumber: "1", vendorItem: "GAD-200", lotNumber: "L2503-07", quantity: 10, uom: "CA", orderedQuantity: 20, orderedUom: "CA", description: "Gadget, case of 12" }] },
        { sscc: "000812345000000023", trackingNumber: "1Z999AA10123456793", items: [{ lineNumber: "1", vendorItem: "GAD-200", quantity: 10, uom: "CA" }, { lineNumber: "2", vendorItem: "WID-100-BLK", quantity: 250, uom: "EA" }] },
      ],
    },
  ],
};

export const INVOICE_810: Invoice810 = {
  set: "810", invoiceDate: "2025-03-17", invoiceNumber: "INV-100231", poDate: "2025-03-18", poNumber: "4500012345",
  currency: { entity: "SE", code: "CAD" },
  parties: [{ role: "BT", name: "Acme Hardware LLC", address: { line1: "500 E 4th St", line2: "Suite 200", city: "Austin", state: "TX", postalCode: "78701", country: "US" } }, { role: "RI", name: "Northwind Supply", idQualifier: "1", id: "123456789" }],
  terms: [{ type: "01", basisDate: "3", netDueDate: "2025-04-16", netDays: 30, description: "Net 30 days" }],
  dates: [{ qualifier: "011", date: "2025-03-17" }],
  lines: [
    { lineNumber: "1", quantity: 2, uom: "EA", unitPrice: 19.99, priceBasis: "PE", vendorItem: "WID-100-BLK", description: "Widget, black, 100 mm", allowances: [{ indicator: "A", code: "C310", amount: 4, description: "SPRING10" }] },
    { lineNumber: "2", quantity: 1, uom: "EA", unitPrice: 49, vendorItem: "KIT-STARTER", taxes: [{ type: "ST", amount: 3.06, percent: 6.25 }] },
  ],
  totalAmount: 104.98,
  taxes: [{ type: "ST", amount: 6.06, percent: 6.25, jurisdictionQualifier: "SP", jurisdiction: "TX" }, { type: "LS", amount: 1.94, percent: 2 }],
  carrier: { transportMethod: "U", scac: "UPSN", routing: "UPS GROUND" },
  allowances: [{ indicator: "C", code: "D240", amount: 12, handling: "06", description: "UPS GROUND" }],
};

export const INVENTORY_846: Inventory846 = {
  set: "846", purpose: "00", reportType: "DD", reportId: "INV-20250317", reportDate: "2025-03-17", reportTime: "06:00",
  parties: [{ role: "SU", name: "Northwind Supply", idQualifier: "92", id: "NW01" }],
  items: [
    { lineNumber: "1", upc: "081234500016", vendorItem: "WID-100-BLK", description: "Widget, black", quantities: [{ qualifier: "33", quantity: 174, uom: "EA" }, { qualifier: "17", quantity: 240, uom: "EA" }] },
    { upc: "10081234500020", vendorItem: "GAD-200", quantities: [{ qualifier: "33", quantity: 0, uom: "CA" }], dates: [{ qualifier: "018", date: "2025-03-28" }] },
  ],
};

export const ORDER_940: Warehouse940 = {
  set: "940", orderStatus: "N", depositorOrderNumber: "SO-88123", poNumber: "4500012345", transactionType: "SO",
  parties: [dc, { role: "WH", name: "3PL Austin", idQualifier: "92", id: "AUS1" }],
  references: [{ qualifier: "PO", value: "4500012345" }],
  dates: [{ qualifier: "10", date: "2025-03-24" }],
  notes: [{ code: "WHI", text: "Pack cartons with SSCC labels" }],
  carrier: { paymentMethod: "PP", transportMethod: "U", routing: "UPS GROUND", scac: "UPSN" },
  lines: [
    { lineNumber: "1", quantity: 20, uom: "CA", vendorItem: "GAD-200", upc: "10081234500020", description: "Gadget, case of 12" },
    { lineNumber: "2", quantity: 500, uom: "EA", upcCaseCode: "081234500016", otherIds: [{ qualifier: "VN", id: "WID-100-BLK" }] },
  ],
  totalWeight: 310.5, weightUom: "LB",
};

export const ADVICE_945: Warehouse945 = {
  set: "945", reportingCode: "F", depositorOrderNumber: "SO-88123", shipDate: "2025-03-17", shipmentId: "SH-5521", poNumber: "4500012345",
  parties: [dc],
  references: [{ qualifier: "BM", value: "BOL1001" }],
  dates: [{ qualifier: "11", date: "2025-03-17" }],
  carrier: { transportMethod: "U", scac: "UPSN", paymentMethod: "PP" },
  lines: [
    { lineNumber: "1", sscc: "000812345000000016", trackingNumber: "1Z999AA10123456784", status: "CL", orderedQuantity: 120, shippedQuantity: 120, uom: "EA", otherIds: [{ qualifier: "IN", id: "339408" }], warehouseLot: "19284", weight: 66, weightQualifier: "G", weightUom: "L" },
    { lineNumber: "2", status: "PR", orderedQuantity: 20, shippedQuantity: 18, differenceQuantity: 2, uom: "CA", vendorItem: "GAD-200", description: "Gadget, case of 12" },
  ],
  totalWeight: 84.5, weightUom: "LB",
};

export const ACK_997: Ack997 = {
  set: "997", functionalId: "SH", groupControlNumber: "101",
  sets: [
    { setId: "856", controlNumber: "0001", status: "A" },
    { setId: "856", controlNumber: "0002", errors: [{ segmentId: "SN1", position: 13, loopId: "HL", code: "8", elements: [{ position: 2, reference: "382", code: "1" }] }], status: "R", codes: ["5"] },
  ],
  status: "P", included: 2, received: 2, accepted: 1,
};

export const SAMPLES = [PO_850, ACK_855, ASN_856, INVOICE_810, INVENTORY_846, ORDER_940, ADVICE_945, ACK_997] as const;

/** One interchange holding `docs` (one group per set id), generated with `d`. */
export function envelope(docs: readonly X12Document[], d: Delimiters, version = d.repetition ? "00501" : "00401", lineBreak = "\n"): string {
  const groups = docs.map((doc, i) => {
    const body = writeTransactionSet(doc);
    return {
      functionalId: body.functionalId, senderId: "SUPPLIER", receiverId: "RETAILER", date: "20250317", time: "1642", controlNumber: 100 + i,
      version: version === "00501" ? "005010" : "004010", sets: [{ ...body, controlNumber: i + 1 }],
    };
  });
  return generateX12(
    { isa: { senderQualifier: "ZZ", senderId: "SUPPLIER", receiverQualifier: "ZZ", receiverId: "RETAILER", date: "250317", time: "1642", version, controlNumber: 7, usage: "T" }, groups },
    { delimiters: d, lineBreak },
  );
}

