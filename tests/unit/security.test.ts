import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, crossSiteWrite, newNonce, ownOrigin } from "@/lib/http/security";

// The gate's request rules (lib/http/security.ts): the page policy and the cross-site write check.

const headers = (values: Record<string, string>) => new Headers(values);
const ORIGIN = "https://app.example.com";

describe("contentSecurityPolicy", () => {
  it("allows scripts only with the response's nonce, never inline or eval in production", () => {
    const policy = contentSecurityPolicy("abc123", { dev: false, https: true });
    const script = policy.split("; ").find((d) => d.startsWith("script-src"));
    expect(script).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toContain("style-src 'self' 'nonce-abc123'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("upgrade-insecure-requests");
  });

  it("does not upgrade requests on plain HTTP, and allows eval only in development", () => {
    expect(contentSecurityPolicy("n", { dev: false, https: false })).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("n", { dev: true, https: false })).toContain("'unsafe-eval'");
  });

  it("makes a different 128-bit nonce every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("ownOrigin", () => {
  it("prefers the configured public URL", () => {
    expect(ownOrigin(headers({ host: "internal:3000" }), "https://app.example.com/base")).toBe(ORIGIN);
  });

  it("otherwise uses the Host header and the protocol the front server saw", () => {
    expect(ownOrigin(headers({ host: "localhost:3000" }), undefined)).toBe("http://localhost:3000");
    expect(ownOrigin(headers({ host: "app.example.com", "x-forwarded-proto": "https" }), undefined)).toBe(ORIGIN);
    expect(ownOrigin(headers({}), undefined)).toBeNull();
    expect(ownOrigin(headers({ host: "bad host/" }), undefined)).toBeNull();
  });
});

describe("crossSiteWrite", () => {
  it("lets reads through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(crossSiteWrite(method, headers({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }), ORIGIN)).toBeNull();
    }
  });

  it("lets same-origin writes and scripts without browser headers through", () => {
    expect(crossSiteWrite("POST", headers({ origin: ORIGIN, "sec-fetch-site": "same-origin" }), ORIGIN)).toBeNull();
    expect(crossSiteWrite("DELETE", headers({}), ORIGIN)).toBeNull();
    expect(crossSiteWrite("POST", headers({ "sec-fetch-site": "none" }), ORIGIN)).toBeNull();
  });

  it("refuses writes another site's page makes, by either header", () => {
    expect(crossSiteWrite("POST", headers({ origin: "https://evil.example" }), ORIGIN)).toBe("a foreign Origin");
    expect(crossSiteWrite("DELETE", headers({ origin: "http://app.example.com" }), ORIGIN)).toBe("a foreign Origin");
    expect(crossSiteWrite("POST", headers({ "sec-fetch-site": "cross-site" }), ORIGIN)).toBe("Sec-Fetch-Site: cross-site");
    expect(crossSiteWrite("PUT", headers({ "sec-fetch-site": "same-site", origin: ORIGIN }), ORIGIN)).toBe("Sec-Fetch-Site: same-site");
    expect(crossSiteWrite("POST", headers({ origin: "null" }), ORIGIN)).toBe("an opaque Origin");
    expect(crossSiteWrite("POST", headers({ origin: "::::" }), ORIGIN)).toBe("a malformed Origin");
  });
});
