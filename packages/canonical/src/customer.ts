import { z } from "zod";
import { addressSchema } from "./address";
import { timestampSchema } from "./dates";
import { externalIdsSchema } from "./identifiers";
import { currencySchema, nonNegativeMoneySchema } from "./money";
import { reportCurrencyMismatches } from "./pricing";

export const customerTypeSchema = z.enum(["business", "individual"]).describe("business (B2B account) or individual (consumer)");

export const customerSchema = z
  .object({
    externalId: z.string().min(1).describe("Primary id of the customer in the source system"),
    externalIds: externalIdsSchema,
    type: customerTypeSchema,
    name: z.string().min(1).describe("Display name: the company for a business, the person otherwise"),
    companyName: z.string().min(1).optional().describe("Legal company name, when different from name"),
    firstName: z.string().min(1).optional().describe("Contact first name"),
    lastName: z.string().min(1).optional().describe("Contact last name"),
    email: z.email().optional().describe("Primary email (the match key for web customers)"),
    phone: z.string().min(1).optional().describe("Primary phone, preferably E.164"),
    billingAddress: addressSchema.optional().describe("Default billing address"),
    shippingAddresses: z.array(addressSchema).default([]).describe("Ship-to addresses; the first is the default"),
    currency: currencySchema.optional().describe("Currency the customer is invoiced in"),
    paymentTerms: z.string().min(1).optional().describe("Payment terms code (NET30, DUE_ON_RECEIPT)"),
    creditLimit: nonNegativeMoneySchema.optional().describe("Credit limit, in the customer currency"),
    taxExempt: z.boolean().default(false).describe("True when sales to this customer are tax exempt"),
    taxExemptionId: z.string().min(1).optional().describe("Resale or exemption certificate number"),
    priceLevel: z.string().min(1).optional().describe("Price list or level code"),
    status: z.enum(["active", "inactive"]).describe("Whether the customer can place orders"),
    tags: z.array(z.string().min(1)).default([]).describe("Free-form tags"),
    createdAt: timestampSchema.optional().describe("When the customer was created in the source"),
    updatedAt: timestampSchema.optional().describe("Last change in the source: newer updates win"),
  })
  .superRefine((customer, ctx) => {
    // A credit limit in another currency than the account's is meaningless without a rate.
    if (customer.currency !== undefined) reportCurrencyMismatches(ctx, customer, customer.currency);
    if (customer.taxExemptionId !== undefined && !customer.taxExempt) {
      ctx.addIssue({ code: "custom", message: "taxExemptionId is set but taxExempt is false", path: ["taxExempt"] });
    }
  })
  .meta({ title: "Customer", description: "A customer account: contact data, addresses, terms, tax status" });
export type Customer = z.infer<typeof customerSchema>;
