/**
 * The pages' Content-Security-Policy (set per request by src/proxy.ts).
 *
 * Scripts: only our own files and the inline bootstrap scripts Next.js renders,
 * which carry this request's nonce (Next reads it from the request's CSP header
 * and stamps its script tags; pages are rendered per request for that reason).
 * Styles allow inline: CodeMirror and React Flow set style attributes and inject
 * style elements, and a nonce would not cover attributes. Nothing may frame the
 * designer (clickjacking), and forms and fetches stay on this origin.
 * `next dev` additionally needs eval (React's refresh) and its HMR websocket.
 */
export function pageContentSecurityPolicy(nonce: string, options: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${options.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh nonce per response: 128 random bits, base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
