export * from "./sdk";
export * from "./http-client";
export * from "./net";
export * from "./secrets";
export { registry } from "./registry";
export { shopifyConnector } from "./shopify/connector";
export { startShopifySimulator, type ShopifySimulatorControl, type ShopifySimulatorOptions } from "./shopify/simulator";
export { netsuiteConnector } from "./netsuite/connector";
export { startNetSuiteSimulator, netSuiteSimulatorDefaults, type NetSuiteSimulatorControl, type NetSuiteSimulatorOptions, type FulfillmentRequest, type InvoiceRequest } from "./netsuite/simulator";
