import { describe, expect, it } from "vitest";
import { expiryOf } from "@/lib/format/time";

describe("expiryOf (the Expires column on every page)", () => {
  const expiresAt = new Date("2026-11-10T09:00:00Z");
  const endedAt = new Date("2026-11-03T14:02:00Z");

  it("a live session: when it will expire, unlabelled", () => {
    expect(expiryOf({ status: "ACTIVE", expiresAt, endedAt: null })).toEqual({ label: null, at: expiresAt });
  });

  it("a terminated session: when it ended, labelled so it never reads as a future expiry", () => {
    expect(expiryOf({ status: "TERMINATED", expiresAt, endedAt })).toEqual({ label: "Ended", at: endedAt });
  });

  it("an expired session: when it expired; one not yet rewritten by the job has no end time but its expiry", () => {
    expect(expiryOf({ status: "EXPIRED", expiresAt, endedAt })).toEqual({ label: "Expired", at: endedAt });
    expect(expiryOf({ status: "EXPIRED", expiresAt, endedAt: null })).toEqual({ label: "Expired", at: expiresAt });
  });
});
