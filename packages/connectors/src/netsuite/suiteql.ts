import { z } from "zod";
import type { ActionContext } from "../sdk";
import { nsRequest } from "./client";

type Ctx = Pick<ActionContext, "connection" | "http">;

export const SUITEQL_PATH = "/services/rest/query/v1/suiteql";
export const MAX_PAGE = 1000;

export const suiteqlPage = z.object({
  items: z.array(z.record(z.string(), z.unknown())),
  hasMore: z.boolean(),
  totalResults: z.number().int(),
  offset: z.number().int(),
  count: z.number().int().optional(),
});
export type SuiteQLPage = z.infer<typeof suiteqlPage>;

/** A SuiteQL string literal: quotes doubled, so a SKU like O'Brien cannot end the string. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** One page. NetSuite wants `Prefer: transient` and takes paging as limit/offset query parameters. */
export async function runSuiteQL(ctx: Ctx, q: string, page: { limit?: number; offset?: number } = {}): Promise<SuiteQLPage> {
  const res = await nsRequest(ctx, {
    method: "POST",
    path: SUITEQL_PATH,
    query: { limit: page.limit ?? MAX_PAGE, offset: page.offset ?? 0 },
    headers: { prefer: "transient" },
    body: { q },
  });
  const body = suiteqlPage.parse(res.body);
  // Each row carries an empty `links` array; it is noise for mappings.
  return { ...body, items: body.items.map(({ links: _links, ...row }) => row) };
}

/** Every row, following pages (bounded: SuiteQL stops at 100,000 rows anyway). */
export async function allRows(ctx: Ctx, q: string, pageSize = MAX_PAGE): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = [];
  for (let offset = 0; offset < 100_000; offset += pageSize) {
    const page = await runSuiteQL(ctx, q, { limit: pageSize, offset });
    rows.push(...page.items);
    if (!page.hasMore) break;
  }
  return rows;
}

/** SuiteQL returns every value as a string; quantities come back as numbers here. */
export const num = (v: unknown): number => (v === undefined || v === null || v === "" ? 0 : Number(v));
