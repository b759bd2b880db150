export * from "./sdk";
export * from "./http-client";
export * from "./net";
export * from "./secrets";
export { registry } from "./registry";
export { shopifyConnector } from "./shopify/connector";
export { startShopifySimulator, type ShopifySimulatorControl, type ShopifySimulatorOptions } from "./shopify/simulator";
export { netsuiteConnector } from "./netsuite/connector";
export { startNetSuiteSimulator, netSuiteSimulatorDefaults, type NetSuiteSimulatorControl, type NetSuiteSimulatorOptions, type FulfillmentRequest, type InvoiceRequest } from "./netsuite/simulator";
export {
  startPartnerSimulator, ACK_MODES, INJECTED_ERRORS, RETAILER_PARTY, THREEPL_PARTY, OUR_PARTY,
  type PartnerSimulatorOptions, type PartnerSimulatorControl, type PartnerState, type PartnerDocument, type PartnerIdentity, type AckMode, type InjectedError, type X12Party, type RunningPartnerSimulator,
} from "./x12-partner/simulator";
export * from "./edi";
