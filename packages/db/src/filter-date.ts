import { z } from "zod";

/**
 * A date in a query filter. Postgres reads dates outside years 1–9999 (as JS's
 * toISOString writes them: "+065232-03-21…", "-000001-…") as a time-zone error,
 * so they are refused here with a 400 naming the field. Driver-free
 * (`@ipaas/db/filter-date`): filter schemas built on it can run in the browser.
 */
export const filterDate = z
  .date()
  .min(new Date("0001-01-01T00:00:00.000Z"), "must be in the years 1 to 9999")
  .max(new Date("9999-12-31T23:59:59.999Z"), "must be in the years 1 to 9999");
