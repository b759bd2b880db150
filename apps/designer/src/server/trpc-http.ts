import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Context } from "./context";
import { appRouter } from "./routers/_app";
import { MAX_BATCH_CALLS } from "../lib/trpc-limits";

export interface TrpcHttpOptions {
  createContext: (opts: { req: Request }) => Promise<Context>;
  /** Largest request body in bytes (DESIGNER_MAX_BODY_BYTES). */
  maxBodyBytes: number;
}

/**
 * /api/trpc over fetch Request/Response, with the limits a public endpoint needs:
 * at most MAX_BATCH_CALLS calls per batch (400) and a bounded body (413). The
 * body is counted while it streams, so a missing or false Content-Length does not
 * help; a declared length above the limit is refused without reading anything.
 * Both refusals are tRPC errors, so the client shows their message.
 */
export function handleTrpcRequest(req: Request, options: TrpcHttpOptions): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: limitBody(req, options.maxBodyBytes),
    router: appRouter,
    // The original request: the context reads its headers (session cookie, client address).
    createContext: () => options.createContext({ req }),
    maxBatchSize: MAX_BATCH_CALLS,
  });
}

function limitBody(req: Request, maxBytes: number): Request {
  if (!req.body) return req;
  const tooLarge = () =>
    new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: `The request body is larger than the designer accepts (${maxBytes} bytes, DESIGNER_MAX_BODY_BYTES).` });
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  let seen = 0;
  const body =
    declared > maxBytes
      ? new ReadableStream<Uint8Array>({ start: (controller) => controller.error(tooLarge()) })
      : req.body.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              seen += chunk.byteLength;
              if (seen > maxBytes) controller.error(tooLarge());
              else controller.enqueue(chunk);
            },
          }),
        );
  if (declared > maxBytes) void req.body.cancel().catch(() => {});
  return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal, duplex: "half" } as RequestInit);
}
