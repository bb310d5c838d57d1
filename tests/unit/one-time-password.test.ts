import { describe, expect, it } from "vitest";
import { generateOneTimePassword, ONE_TIME_PASSWORD_PATTERN } from "@/lib/users/one-time-password";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/validations/change-password";

describe("one-time passwords", () => {
  it("are four groups of five unambiguous characters, long enough to be a password", () => {
    for (let i = 0; i < 200; i++) {
      const password = generateOneTimePassword();
      expect(password).toMatch(ONE_TIME_PASSWORD_PATTERN);
      expect(password).not.toMatch(/[01ilo]/);
      expect(password.length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
      expect(password.length).toBeLessThanOrEqual(PASSWORD_MAX_LENGTH);
    }
  });

  it("are never the same twice and use the whole alphabet evenly", () => {
    const passwords = Array.from({ length: 2000 }, generateOneTimePassword);
    expect(new Set(passwords).size).toBe(passwords.length);
    // 40,000 characters over 31 symbols: about 1,290 each; a biased generator would stray far.
    const counts = new Map<string, number>();
    for (const c of passwords.join("").replaceAll("-", "")) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(31);
    for (const [c, n] of counts) {
      expect(n, c).toBeGreaterThan(1100);
      expect(n, c).toBeLessThan(1500);
    }
  });
});
