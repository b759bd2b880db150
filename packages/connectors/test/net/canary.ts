import http from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback server that records every request it gets: a canary that must stay silent when the policy refuses. */
export interface Canary {
  port: number;
  url: string;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

export async function startCanary(handler?: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Canary> {
  const requests: Canary["requests"] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    req.resume();
    if (handler) return handler(req, res);
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ stolen: req.headers.authorization ?? null }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A resolver from a fixed table: names the tests invent resolve without DNS, to whatever address the test needs. */
export function tableResolver(table: Record<string, string | string[]>) {
  const asked: string[] = [];
  const resolve = async (hostname: string) => {
    asked.push(hostname);
    const entry = table[hostname];
    if (entry === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return (Array.isArray(entry) ? entry : [entry]).map((address) => ({ address }));
  };
  return { resolve, asked };
}
