import { StepError } from "@ipaas/flow";
import { z } from "zod";
import { defineConnector, type ConnectionTestContext } from "../sdk";
import { createInvoice, getCustomer, getInvoice, getSalesOrder, upsertCustomer, upsertSalesOrder } from "./actions-records";
import { findItemBySku, findItemsBySku, getInventory, getInventoryLevels, suiteql } from "./actions-query";
import { invoicesSince, itemFulfillmentsSince } from "./poll";
import { runSuiteQL } from "./suiteql";

const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="4" fill="#125580"/><path d="M6 17V7h2.2l5.6 6.6V7H16v10h-2.2L8.2 10.4V17z" fill="#fff"/><path d="M17 7h1.5v10H17z" fill="#f6a800"/></svg>';

/**
 * Connection test: a one-row SuiteQL query proves the account host, the TBA
 * signature and the role's REST web services permission at once.
 */
async function testConnection(ctx: ConnectionTestContext): Promise<{ ok: boolean; message: string }> {
  try {
    await runSuiteQL(ctx, "SELECT id FROM location", { limit: 1 });
    return { ok: true, message: `Connected to NetSuite account ${String(ctx.connection.config.accountId ?? "")}` };
  } catch (err) {
    if (!(err instanceof StepError)) throw err;
    const status = err.details?.status;
    if (status === 401 || status === 403) return { ok: false, message: `Credentials rejected (HTTP ${status} ${err.code}): check the account id, consumer key/secret and token id/secret` };
    if (status === undefined) return { ok: false, message: `NetSuite unreachable (${err.code})` };
    return { ok: false, message: `NetSuite answered HTTP ${status} ${err.code}` };
  }
}

/** NetSuite SuiteTalk REST web services with Token-Based Authentication. */
export const netsuiteConnector = defineConnector({
  id: "netsuite",
  name: "NetSuite",
  version: "0.1.0",
  description: "Oracle NetSuite ERP: sales orders, customers, items, inventory, fulfillments and invoices (SuiteTalk REST + SuiteQL)",
  icon: ICON,
  auth: z.object({
    accountId: z.string().regex(/^[A-Za-z0-9_]+$/, "the account id looks like 1234567 or 1234567_SB1"),
    /** Override of https://{account}.suitetalk.api.netsuite.com (the simulator, a proxy). */
    baseUrl: z.string().url().optional(),
    consumerKey: z.string().min(1),
    consumerSecret: z.string().min(1),
    tokenId: z.string().min(1),
    tokenSecret: z.string().min(1),
  }),
  secretFields: ["consumerKey", "consumerSecret", "tokenId", "tokenSecret"],
  // Governance is a concurrency limit (15 in flight on a shared tier + 1 SuiteCloud Plus
  // licence), not a request rate; this keeps one worker pool well inside it.
  rateLimit: { requestsPerSecond: 10, burst: 10 },
  test: testConnection,
  actions: { upsertSalesOrder, getSalesOrder, upsertCustomer, getCustomer, findItemBySku, findItemsBySku, suiteql, getInventory, getInventoryLevels, createInvoice, getInvoice },
  polls: { itemFulfillmentsSince, invoicesSince },
});
