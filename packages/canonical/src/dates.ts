import { z } from "zod";

/**
 * Calendar dates (requested ship date, invoice date) are plain ISO dates:
 * they are business days, not instants, and converting them through a time
 * zone is how a "ship on the 3rd" becomes the 2nd. Instants (order placed,
 * inventory as-of) must carry an offset so they are never ambiguous.
 */
export const isoDateSchema = z.iso.date().describe("Calendar date, ISO 8601 YYYY-MM-DD");

export const timestampSchema = z.iso
  .datetime({ offset: true })
  .describe("Instant, ISO 8601 with Z or an offset: 2025-03-14T09:30:00-05:00");
