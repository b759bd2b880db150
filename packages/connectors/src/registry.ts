import { ConnectorRegistry } from "./sdk";
import { httpConnector } from "./http/connector";

/** The one registry both planes read. */
export const registry = new ConnectorRegistry().register(httpConnector);
