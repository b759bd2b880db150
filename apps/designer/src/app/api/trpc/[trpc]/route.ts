import { createContext, getEnv } from "@/server/context";
import { handleTrpcRequest } from "@/server/trpc-http";

// Every call reads the database; never prerender or cache this route at build time.
export const dynamic = "force-dynamic";

// Unexpected errors are logged (with an error id the client is shown) by the error formatter in src/server/trpc.ts.
function handler(req: Request) {
  return handleTrpcRequest(req, { createContext, maxBodyBytes: getEnv().DESIGNER_MAX_BODY_BYTES });
}

export { handler as GET, handler as POST };
