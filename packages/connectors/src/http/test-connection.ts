import { StepError } from "@ipaas/flow";
import type { ConnectionTestContext } from "../sdk";
import { urlUnderBase } from "../net/url";
import { authHeaders } from "./auth";

/**
 * The HTTP connector's connection test: GET the base URL (or `testPath` under it)
 * with the connection's credentials (bearer, OAuth, basic or API key). Anything that answers, even 404, proves the address is
 * right; 401/403 means the token is wrong. Messages name the URL and status, never
 * the token.
 */
export async function testHttpConnection(ctx: ConnectionTestContext): Promise<{ ok: boolean; message: string }> {
  const { config } = ctx.connection;
  let url: URL;
  const base = String(config.baseUrl ?? "");
  const testPath = typeof config.testPath === "string" ? config.testPath : "";
  try {
    url = new URL(base);
  } catch {
    return { ok: false, message: "The base URL is not a valid URL" };
  }
  try {
    if (testPath) url = urlUnderBase(base, testPath);
  } catch (err) {
    return { ok: false, message: `The test path is refused: ${(err as Error).message}` };
  }
  const target = `GET ${url.origin}${url.pathname}`;
  try {
    const res = await ctx.http({ method: "GET", url: url.toString(), headers: authHeaders(ctx.connection) });
    return { ok: true, message: `Reachable: ${target} answered HTTP ${res.status}` };
  } catch (err) {
    if (!(err instanceof StepError)) throw err;
    const status = err.details?.status;
    if (err.code === "OUTBOUND_REFUSED") return { ok: false, message: `The request was ${err.message}` };
    if (status === undefined) {
      return { ok: false, message: err.code === "TIMEOUT" ? `Unreachable: ${target} timed out` : `Unreachable: ${err.message.replace(url.toString(), `${url.origin}${url.pathname}`)}` };
    }
    if (status === 401 || status === 403) return { ok: false, message: `Credentials rejected: ${target} answered HTTP ${status}` };
    if (status === 404 || (status >= 300 && status < 400)) return { ok: true, message: `Reachable: ${target} answered HTTP ${status}` };
    return { ok: false, message: `${target} answered HTTP ${status}` };
  }
}
