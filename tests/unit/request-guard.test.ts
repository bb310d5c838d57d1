import { describe, expect, it } from "vitest";
import { AUTH_BODY_LIMIT, BODY_LIMIT, malformed } from "../../scripts/request-guard.mjs";

// What the launcher's HTTP server refuses before Next.js runs (scripts/request-guard.mjs).

describe("malformed", () => {
  it("lets well-formed requests through", () => {
    expect(malformed("GET", "/settings/sessions?page=2", {})).toBeNull();
    expect(malformed("GET", "/api/sessions/abc%20def?x=%E2%82%AC&y=a+b", {})).toBeNull();
    expect(malformed("POST", "/api/auth/callback/credentials", { "content-length": String(AUTH_BODY_LIMIT) })).toBeNull();
    expect(malformed("POST", "/settings/sessions", { "content-length": String(BODY_LIMIT) })).toBeNull();
  });

  it("refuses broken percent-encoding in the path or any query parameter", () => {
    for (const url of ["/api/sessions/%ff", "/settings/users/%", "/%zz", "/a%e2%82", "/x?page=%", "/x?a=1&b=%G0", "/x?%ed%a0%80=1"]) {
      expect(malformed("GET", url, {}), url).toEqual([400, expect.stringMatching(/percent-encoding/)]);
    }
  });

  it("refuses request targets that are not a path on this site", () => {
    for (const url of ["http://evil.example/", "*", "//evil.example/x", ""]) expect(malformed("GET", url, {})?.[0], url).toBe(400);
  });

  it("refuses declared bodies over the route's limit, and malformed lengths", () => {
    expect(malformed("POST", "/api/auth/callback/credentials", { "content-length": String(AUTH_BODY_LIMIT + 1) })).toEqual([413, "Request body too large."]);
    expect(malformed("POST", "/settings/sessions", { "content-length": String(BODY_LIMIT + 1) })).toEqual([413, "Request body too large."]);
    expect(malformed("POST", "/settings/sessions", { "content-length": "12abc" })?.[0]).toBe(400);
  });

  it("answers only the methods the app serves", () => {
    for (const method of ["TRACE", "CONNECT", "PROPFIND", "BREW"]) expect(malformed(method, "/", {}), method).toEqual([405, "Method not allowed."]);
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) expect(malformed(method, "/", {}), method).toBeNull();
  });
});
