import { describe, expect, it } from "vitest";
import { burnPasswordCheck, hashPassword, verifyPassword } from "@/lib/auth/password";

describe("password hashes", () => {
  it("never store the password itself", async () => {
    const password = "buddha-demo-2026";
    const hash = await hashPassword(password);
    expect(hash).not.toContain(password);
    expect(hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
  });

  it("verify the right password and refuse a wrong one", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await verifyPassword("Correct horse battery staple", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("are salted: two hashes of one password differ, and both verify", async () => {
    const [a, b] = await Promise.all([hashPassword("same-password"), hashPassword("same-password")]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same-password", a)).toBe(true);
    expect(await verifyPassword("same-password", b)).toBe(true);
  });

  it("treat the two Unicode spellings of one password as the same password", async () => {
    const hash = await hashPassword("caf\u00e9-2026");
    expect(await verifyPassword("cafe\u0301-2026", hash)).toBe(true);
  });

  it("refuse anything that is not one of our hashes", async () => {
    for (const stored of ["", "buddha-demo-2026", "bcrypt$2b$10$abc", "scrypt$16384$8$1$", "plain:buddha-demo-2026"]) {
      expect(await verifyPassword("buddha-demo-2026", stored), stored).toBe(false);
    }
  });

  it("a check for an unknown e-mail always fails", async () => {
    expect(await burnPasswordCheck("buddha-demo-2026")).toBe(false);
    expect(await burnPasswordCheck("")).toBe(false);
  });
});
