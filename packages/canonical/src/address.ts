import { z } from "zod";

/**
 * Postal code formats checked where a wrong one is a common, costly mistake:
 * a US ZIP that lost its leading zero in a spreadsheet ("2134" for 02134) ships
 * to the wrong state. Other countries are not checked (formats vary too much).
 */
const POSTAL_CODE_FORMATS: Record<string, { pattern: RegExp; example: string }> = {
  US: { pattern: /^\d{5}(?:-\d{4})?$/, example: "02134 or 02134-1234" },
  CA: { pattern: /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/, example: "K1A 0B1" },
};

export const addressSchema = z
  .object({
    name: z.string().min(1).optional().describe("Recipient or contact name"),
    company: z.string().min(1).optional().describe("Company name"),
    line1: z.string().min(1).describe("Street address, first line"),
    line2: z.string().min(1).optional().describe("Street address, second line (suite, unit, floor)"),
    line3: z.string().min(1).optional().describe("Street address, third line"),
    city: z.string().min(1).describe("City or locality"),
    region: z.string().min(1).optional().describe("State, province or region; the ISO 3166-2 subdivision code without the country prefix where one exists (CA, ON, BY)"),
    postalCode: z.string().min(1).optional().describe("Postal or ZIP code as printed (a string: leading zeros matter); required for US and CA"),
    countryCode: z
      .string()
      .regex(/^[A-Z]{2}$/, "countryCode must be an ISO 3166-1 alpha-2 code such as US")
      .describe("ISO 3166-1 alpha-2 country code, upper case (US, CA, DE)"),
    phone: z.string().min(1).optional().describe("Phone number, preferably E.164 (+15555550100)"),
    email: z.email().optional().describe("Email address for delivery notifications"),
    residential: z.boolean().optional().describe("True for a residential delivery address (carriers surcharge these)"),
  })
  .superRefine((address, ctx) => {
    const format = POSTAL_CODE_FORMATS[address.countryCode];
    if (!format) return;
    if (address.postalCode === undefined) {
      ctx.addIssue({ code: "custom", message: `postalCode is required for ${address.countryCode}`, path: ["postalCode"] });
    } else if (!format.pattern.test(address.postalCode)) {
      ctx.addIssue({ code: "custom", message: `postalCode is not a valid ${address.countryCode} code (e.g. ${format.example})`, path: ["postalCode"] });
    }
  })
  .describe("A postal address");
export type Address = z.infer<typeof addressSchema>;
