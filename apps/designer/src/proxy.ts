import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { newNonce, pageContentSecurityPolicy } from "./lib/csp";

/** Pages anyone may open: sign-in and the one-time set-password link. */
const PUBLIC_PAGES = ["/sign-in", "/set-password"];

// Next inlines NODE_ENV at build time; it says which server this is, it is not configuration.
// eslint-disable-next-line no-restricted-properties
const DEV = process.env.NODE_ENV === "development";

/**
 * Every page request: a Content-Security-Policy with a fresh nonce (on the
 * response, and on the request so Next stamps its inline scripts with it), then
 * the sign-in check. The other security headers, and the API's policy, come from
 * next.config.ts for every response.
 *
 * Signed-out visitors go to the sign-in page, remembering where they were going.
 * This only checks that a session cookie is present (cheap, no database); every
 * tRPC procedure still validates the session and the role on the server.
 */
export function proxy(request: NextRequest) {
  const csp = pageContentSecurityPolicy(newNonce(), { dev: DEV });
  const { pathname, search } = request.nextUrl;
  let response: NextResponse;
  if (PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`)) || getSessionCookie(request)) {
    const headers = new Headers(request.headers);
    headers.set("content-security-policy", csp);
    response = NextResponse.next({ request: { headers } });
  } else {
    const url = new URL("/sign-in", request.url);
    if (pathname !== "/") url.searchParams.set("next", `${pathname}${search}`);
    response = NextResponse.redirect(url);
  }
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // API routes answer 401 themselves and have their own policy; static assets need neither.
  matcher: ["/((?!api/|_next/|favicon|icon).*)"],
};
