import { expect } from "@playwright/test";
import type { PartnerDocument, PartnerState } from "@ipaas/devstack";

/*
 * The EDI partner simulator's control API (docs/architecture.md "Simulators"), for specs:
 * the retailer sends 850s, and the state says what it received, with control numbers,
 * validation and the 997s either way.
 */
const base = () => process.env.E2E_PARTNER_SIM_URL!;

async function call<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base()}/control/${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.ok, `${method} /control/${path}: ${res.status}`).toBe(true);
  return (await res.json()) as T;
}

export const partnerSim = {
  state: () => call<PartnerState>("GET", "state"),
  /** An 850 from the retailer to the runtime's /as2; `error` breaks it on purpose (e.g. "se-count"). */
  send850: async (options: { lines?: number | Array<{ sku: string; quantity: number; price?: number }>; poNumber?: string; error?: string } = {}) =>
    (await call<{ document: PartnerDocument }>("POST", "send-850", options)).document,
  /** How the retailer answers with 997s: accept, reject, late (after lateSeconds), never; the 3PL's 945 delay. */
  configure: (config: { ackMode?: "accept" | "reject" | "late" | "never"; lateSeconds?: number; shipDelaySeconds?: number; transport?: "as2" | "sftp" }) => call("POST", "config", config),
  addFault: (fault: { status?: number; mdnError?: string; drop?: boolean; delayMs?: number; count?: number }) => call("POST", "faults", fault),
  clearFaults: () => call("DELETE", "faults"),
  reset: () => call("POST", "reset"),
  /** Waits until the simulator has received the given sets (e.g. {"997": 1, "855": 1}). */
  async waitForReceived(counts: Record<string, number>, timeoutMs = 30_000): Promise<PartnerState> {
    let state: PartnerState | undefined;
    await expect
      .poll(async () => {
        state = await partnerSim.state();
        return Object.entries(counts).every(([set, n]) => (state?.counts.received[set] ?? 0) >= n);
      }, { timeout: timeoutMs })
      .toBe(true);
    return state as PartnerState;
  },
};
