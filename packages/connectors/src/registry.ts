import { ConnectorRegistry } from "./sdk";
import { httpConnector } from "./http/connector";
import { shopifyConnector } from "./shopify/connector";
import { netsuiteConnector } from "./netsuite/connector";

/** The one registry both planes read. */
export const registry = new ConnectorRegistry().register(httpConnector)
  .register(shopifyConnector)
  .register(netsuiteConnector);
