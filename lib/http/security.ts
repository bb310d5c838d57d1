// The security rules every request passes in the gate (proxy.ts), kept pure so unit tests pin
// them down: the Content-Security-Policy of a page, and whether a write comes from another site.

/** A fresh nonce for one response's scripts and styles: 128 random bits. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The page's policy: scripts only with this response's nonce ('strict-dynamic' lets Next's own
 * loader add its chunks), no plugins, no framing, forms and fetches to this origin only.
 * Development needs eval (React's error overlays) and inline styles (Next's dev overlay).
 */
export function contentSecurityPolicy(nonce: string, options: { dev: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    options.dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** For pages the gate writes itself (the 503 page): no scripts at all, its one inline style block. */
export const STATIC_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

type HeaderReader = { get(name: string): string | null };

/** This app's own origin: the configured public URL's, or the one the request was addressed to. */
export function ownOrigin(headers: HeaderReader, publicUrl: string | undefined): string | null {
  if (publicUrl) return new URL(publicUrl).origin;
  const host = headers.get("host");
  if (!host) return null;
  const proto = headers.get("x-forwarded-proto") === "https" ? "https" : "http";
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * Why a state-changing request must be refused as cross-site, or null to let it through. The
 * browser says where a request comes from (Sec-Fetch-Site, and Origin on every non-GET fetch or
 * form post); a script with no browser around it sends neither and is judged by its cookie alone.
 */
export function crossSiteWrite(method: string, headers: HeaderReader, origin: string | null): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `Sec-Fetch-Site: ${site}`;
  const from = headers.get("origin");
  if (from === null) return null;
  if (from === "null" || !origin) return "an opaque Origin";
  try {
    return new URL(from).origin === origin ? null : "a foreign Origin";
  } catch {
    return "a malformed Origin";
  }
}
