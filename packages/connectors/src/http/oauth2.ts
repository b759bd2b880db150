import { StepError } from "@ipaas/flow";
import { z } from "zod";
import type { OAuth2Definition } from "../sdk";

// RFC 6749 §5.1; some servers send expires_in as a string.
const tokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.coerce.number().positive().optional(),
});

/** Used when the token endpoint does not say how long the access token lives. */
const DEFAULT_EXPIRES_IN_SECONDS = 3600;

/**
 * Refresh-token grant (RFC 6749 §6) against config.tokenUrl, with the client
 * credentials in the form body (client_secret_post), which most servers accept.
 */
export const httpOAuth2: OAuth2Definition = {
  async refresh({ http, connection }) {
    const { tokenUrl, clientId } = connection.config;
    const { refreshToken, clientSecret } = connection.secrets;
    if (typeof tokenUrl !== "string" || tokenUrl === "" || !refreshToken) {
      throw new StepError(`Connection "${connection.name}" needs both tokenUrl and refreshToken to refresh its access token`, "non_retryable", "OAUTH_NOT_CONFIGURED");
    }
    const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken });
    if (typeof clientId === "string" && clientId !== "") form.set("client_id", clientId);
    if (clientSecret) form.set("client_secret", clientSecret);
    const res = await http({ method: "POST", url: tokenUrl, headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() });
    const parsed = tokenResponse.safeParse(res.body);
    if (!parsed.success) throw new StepError(`The token endpoint of connection "${connection.name}" answered without an access_token`, "non_retryable", "OAUTH_BAD_RESPONSE");
    const { access_token, refresh_token, expires_in } = parsed.data;
    return { accessToken: access_token, refreshToken: refresh_token, expiresInSeconds: expires_in ?? DEFAULT_EXPIRES_IN_SECONDS };
  },
};
