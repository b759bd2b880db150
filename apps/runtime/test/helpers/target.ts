import http from "node:http";
import type { AddressInfo } from "node:net";

export interface TargetRequest {
  at: number;
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  correlationId: string | undefined;
  body: unknown;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

/**
 * Plays the external system in engine tests: records every request, answers from
 * a per-path script (then 200), and counts effects the way a real API with
 * idempotency keys does — a repeated key is not a second effect.
 */
export async function startTarget() {
  const requests: TargetRequest[] = [];
  const scripts = new Map<string, Reply[]>();
  const effects = new Map<string, unknown>();
  const inFlight = { now: 0, max: 0 };
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const idempotencyKey = req.headers["idempotency-key"] as string | undefined;
      const body = raw ? (JSON.parse(raw) as unknown) : null;
      requests.push({ at: Date.now(), method: req.method ?? "GET", path, idempotencyKey, correlationId: req.headers["x-correlation-id"] as string | undefined, body });
      const reply = scripts.get(path)?.shift() ?? { status: 200 };
      inFlight.now++;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      const send = () => {
        inFlight.now--;
        if (reply.status < 300) {
          const key = idempotencyKey ?? `${path}:${requests.length}`;
          if (!effects.has(key)) effects.set(key, body);
        }
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
        res.end(JSON.stringify(reply.body ?? { ok: reply.status < 300, received: body }));
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    effects,
    /** Concurrent requests being served (max: the highest seen). */
    inFlight,
    /** Next answers for a path, in order; afterwards 200. */
    script(path: string, replies: Reply[]) {
      scripts.set(path, [...(scripts.get(path) ?? []), ...replies]);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type Target = Awaited<ReturnType<typeof startTarget>>;
