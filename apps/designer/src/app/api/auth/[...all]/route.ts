import { getAuth } from "@/server/context";

// Sign-in, sign-out, session, change- and reset-password (better-auth). Resolved per
// request, not at import: `next build` loads this module without the environment.
export const dynamic = "force-dynamic";

function handler(req: Request) {
  return getAuth().handler(req);
}

export { handler as GET, handler as POST };
