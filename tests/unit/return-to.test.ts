import { describe, expect, it } from "vitest";
import { safeReturnTo } from "@/lib/http/return-to";

describe("safeReturnTo: where to go after signing in", () => {
  it("keeps a path on this site, with its query", () => {
    expect(safeReturnTo("/settings/sessions")).toBe("/settings/sessions");
    expect(safeReturnTo("/settings/sessions?page=2")).toBe("/settings/sessions?page=2");
  });

  it("never sends the user to another site, however the URL is disguised", () => {
    for (const evil of [
      "//evil.com",
      "/\\evil.com",
      "/\t/evil.com",
      "/\n/evil.com",
      "/%09/evil.com".replace("%09", "\t"),
      "https://evil.com",
      "javascript:alert(1)",
      "\\\\evil.com",
      " /evil",
    ]) {
      const target = safeReturnTo(evil);
      expect(target, JSON.stringify(evil)).toMatch(/^\/(?![/\\])/);
      expect(new URL(target, "https://app.example").origin, JSON.stringify(evil)).toBe("https://app.example");
    }
  });

  it("falls back to the home page for nothing or nonsense", () => {
    expect(safeReturnTo(undefined)).toBe("/");
    expect(safeReturnTo("")).toBe("/");
    expect(safeReturnTo("settings")).toBe("/");
    expect(safeReturnTo(`/${"a".repeat(5000)}`)).toBe("/");
  });
});
