/** Polls a URL until it answers 2xx (or the deadline passes, or `alive()` says the server died). */
export async function waitForHttp(url: string, options: { timeoutMs?: number; alive?: () => boolean } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last = "";
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (options.alive && !options.alive()) throw new Error(`${url}: the server exited before it answered (${last})`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer in time (${last})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
