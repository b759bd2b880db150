import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";

/** Pages anyone may open: sign-in and the one-time set-password link. */
const PUBLIC_PAGES = ["/sign-in", "/set-password"];

/**
 * Sends signed-out visitors to the sign-in page, remembering where they were going.
 * This only checks that a session cookie is present (cheap, no database); every
 * tRPC procedure still validates the session and the role on the server.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return NextResponse.next();
  if (getSessionCookie(request)) return NextResponse.next();
  const url = new URL("/sign-in", request.url);
  if (pathname !== "/") url.searchParams.set("next", `${pathname}${search}`);
  return NextResponse.redirect(url);
}

export const config = {
  // API routes answer 401 themselves; static assets need no session.
  matcher: ["/((?!api/|_next/|favicon|icon).*)"],
};
