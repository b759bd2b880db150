import { z } from "zod";
import { defineAction, type ActionContext } from "../sdk";
import { idFromLocation, isNotFound, nsRequest, recordPath } from "./client";
import { sampleCustomerRecord, sampleInvoiceRecord, sampleSalesOrderRecord } from "./samples";

/**
 * REST record actions. Upserts are PUT …/{type}/eid:{externalId}: NetSuite creates
 * or updates by external id, so a retried step never duplicates a record. NetSuite
 * answers 204 with a Location header and does not say which of the two happened;
 * a GET by external id first tells (two concurrent first upserts may both report
 * created=true, but NetSuite still keeps one record).
 */
const recordBody = z.record(z.string(), z.unknown());
const recordOut = z.looseObject({ id: z.string() });
const upsertInput = z.object({ externalId: z.string().min(1), record: recordBody });
const upsertOutput = z.object({ id: z.string(), externalId: z.string(), created: z.boolean() });
const keyInput = z
  .object({ id: z.string().min(1).optional(), externalId: z.string().min(1).optional() })
  .refine((k) => (k.id === undefined) !== (k.externalId === undefined), "give either id or externalId");

async function upsert(ctx: ActionContext, type: string, input: z.infer<typeof upsertInput>) {
  const path = recordPath(type, { externalId: input.externalId });
  let exists = true;
  try {
    await nsRequest(ctx, { method: "GET", path });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    exists = false;
  }
  const { externalId: _ignored, ...record } = input.record;
  const res = await nsRequest(ctx, { method: "PUT", path, body: record });
  return { id: idFromLocation(res), externalId: input.externalId, created: !exists };
}

async function get(ctx: ActionContext, type: string, key: z.infer<typeof keyInput>) {
  const res = await nsRequest(ctx, { method: "GET", path: recordPath(type, key), query: { expandSubResources: true } });
  return recordOut.parse(res.body);
}

export const upsertSalesOrder = defineAction({
  name: "Upsert sales order",
  description: "Create or update a sales order by external id (PUT salesOrder/eid:{externalId})",
  sideEffect: true,
  input: upsertInput,
  output: upsertOutput,
  sampleInput: { externalId: "5273849012345", record: sampleSalesOrderRecord },
  sampleOutput: { id: "50012", externalId: "5273849012345", created: true },
  run: (ctx, input) => upsert(ctx, "salesOrder", input),
});

export const getSalesOrder = defineAction({
  name: "Get sales order",
  description: "A sales order by internal id or external id, with its lines",
  sideEffect: false,
  input: keyInput,
  output: recordOut,
  sampleInput: { externalId: "5273849012345" },
  sampleOutput: { id: "50012", externalId: "5273849012345", tranId: "SO-10452", ...sampleSalesOrderRecord },
  run: (ctx, input) => get(ctx, "salesOrder", input),
});

export const upsertCustomer = defineAction({
  name: "Upsert customer",
  description: "Create or update a customer by external id (PUT customer/eid:{externalId})",
  sideEffect: true,
  input: upsertInput,
  output: upsertOutput,
  sampleInput: { externalId: "shopify-7712093", record: sampleCustomerRecord },
  sampleOutput: { id: "50013", externalId: "shopify-7712093", created: false },
  run: (ctx, input) => upsert(ctx, "customer", input),
});

export const getCustomer = defineAction({
  name: "Get customer",
  description: "A customer by internal id or external id",
  sideEffect: false,
  input: keyInput,
  output: recordOut,
  sampleInput: { externalId: "shopify-7712093" },
  sampleOutput: { id: "50013", externalId: "shopify-7712093", entityId: "Dana Ortiz", ...sampleCustomerRecord },
  run: (ctx, input) => get(ctx, "customer", input),
});

export const createInvoice = defineAction({
  name: "Create invoice",
  description: "Create an invoice; with an externalId in the record it is an upsert, so a retry never bills twice",
  sideEffect: true,
  input: z.object({ record: recordBody }),
  output: z.object({ id: z.string() }),
  sampleInput: { record: sampleInvoiceRecord },
  sampleOutput: { id: "50020" },
  async run(ctx, input) {
    const externalId = input.record.externalId;
    if (typeof externalId === "string" && externalId !== "") {
      const { id } = await upsert(ctx, "invoice", { externalId, record: input.record });
      return { id };
    }
    const res = await nsRequest(ctx, { method: "POST", path: "/services/rest/record/v1/invoice", body: input.record });
    return { id: idFromLocation(res) };
  },
});

export const getInvoice = defineAction({
  name: "Get invoice",
  description: "An invoice by internal id, with its lines",
  sideEffect: false,
  input: z.object({ id: z.string().min(1) }),
  output: recordOut,
  sampleInput: { id: "50020" },
  sampleOutput: { id: "50020", tranId: "INV-10460", ...sampleInvoiceRecord },
  run: (ctx, input) => get(ctx, "invoice", { id: input.id }),
});
