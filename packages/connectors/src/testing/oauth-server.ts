import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Plays an OAuth2 API in tests: POST /token answers the refresh-token grant and
 * rotates the refresh token on every use (the old one is dead at once, as strict
 * servers do), and every other path is an API that answers 401 unless the bearer
 * token is one it issued (or one of `staticTokens`). Counts token calls and keeps
 * the Authorization header of each API request.
 */
export async function startOAuthServer(options: { expiresIn?: number; tokenDelayMs?: number; staticTokens?: string[] } = {}) {
  let refreshToken = "rt-0";
  let issued = 0;
  const accessTokens = new Set(options.staticTokens ?? []);
  const failures: number[] = [];
  const state = { tokenCalls: 0, api: [] as Array<{ path: string; authorization: string | undefined }> };

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      if (path === "/token" && req.method === "POST") {
        state.tokenCalls++;
        const form = new URLSearchParams(raw);
        const status = failures.shift();
        const answer = () => {
          if (status) return send(status, { error: "server_error" });
          if (form.get("grant_type") !== "refresh_token" || form.get("refresh_token") !== refreshToken) return send(400, { error: "invalid_grant" });
          if (form.get("client_id") !== "client-1" || form.get("client_secret") !== "client-secret") return send(401, { error: "invalid_client" });
          issued++;
          refreshToken = `rt-${issued}`;
          accessTokens.add(`at-${issued}`);
          send(200, { access_token: `at-${issued}`, refresh_token: refreshToken, token_type: "Bearer", expires_in: options.expiresIn ?? 3600 });
        };
        if (options.tokenDelayMs) setTimeout(answer, options.tokenDelayMs);
        else answer();
        return;
      }
      const authorization = req.headers.authorization;
      state.api.push({ path, authorization });
      if (!authorization?.startsWith("Bearer ") || !accessTokens.has(authorization.slice("Bearer ".length))) return send(401, { error: "invalid_token" });
      send(200, { ok: true });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tokenUrl: `${url}/token`,
    state,
    /** The refresh token the server accepts next. */
    currentRefreshToken: () => refreshToken,
    /** The next token calls answer these statuses (then normally). */
    failTokenCalls: (...statuses: number[]) => failures.push(...statuses),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type OAuthServer = Awaited<ReturnType<typeof startOAuthServer>>;
