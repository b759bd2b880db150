import pg from "pg";

/**
 * Moves one EDI compliance timer's due time a minute into the past: the e2e stand-in for
 * waiting out the partner's 997 window, which is whole hours (docs/architecture.md "EDI
 * compliance"). Only the timer moves; the runtime's compliance task and the edi_overdue alert
 * rule then act on it exactly as they would hours later.
 */
export async function expireExpectation(expectationId: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL! });
  await client.connect();
  try {
    const res = await client.query("update edi_expectations set due_at = now() - interval '1 minute' where id = $1 and met_at is null", [expectationId]);
    if (res.rowCount !== 1) throw new Error(`expectation ${expectationId} is not an open timer`);
  } finally {
    await client.end();
  }
}
