import { describe, expect, it } from "vitest";
import { effectiveStatus, expiryReason, initialExpiry, isTouchDue, slideExpiry, type Lifetimes } from "@/lib/sessions/rules";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
const lifetimes: Lifetimes = { idleTimeoutMs: 7 * DAY, maxLifetimeMs: 30 * DAY, touchIntervalMs: MINUTE };
const t0 = new Date("2026-03-01T12:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("effectiveStatus", () => {
  const session = { status: "ACTIVE" as const, expiresAt: at(DAY), maxExpiresAt: at(30 * DAY) };

  it("is Active before the expiry", () => {
    expect(effectiveStatus(session, t0)).toBe("ACTIVE");
    expect(effectiveStatus(session, at(DAY - 1))).toBe("ACTIVE");
  });

  it("is Expired from the moment of expiry, although the row still says Active", () => {
    expect(effectiveStatus(session, at(DAY))).toBe("EXPIRED");
    expect(effectiveStatus(session, at(2 * DAY))).toBe("EXPIRED");
  });

  it("keeps an ended session's own status", () => {
    expect(effectiveStatus({ ...session, status: "TERMINATED" }, t0)).toBe("TERMINATED");
    expect(effectiveStatus({ ...session, status: "TERMINATED" }, at(5 * DAY))).toBe("TERMINATED");
    expect(effectiveStatus({ ...session, status: "EXPIRED" }, t0)).toBe("EXPIRED");
  });
});

describe("expiryReason", () => {
  it("is the idle timeout when the session expired before its absolute limit", () => {
    expect(expiryReason({ expiresAt: at(7 * DAY), maxExpiresAt: at(30 * DAY) })).toBe("IDLE_TIMEOUT");
  });

  it("is the maximum lifetime when the expiry reached the absolute limit", () => {
    expect(expiryReason({ expiresAt: at(30 * DAY), maxExpiresAt: at(30 * DAY) })).toBe("MAX_LIFETIME");
  });
});

describe("initialExpiry", () => {
  it("expires an idle session after the idle timeout and any session after the max lifetime", () => {
    expect(initialExpiry(t0, lifetimes)).toEqual({ expiresAt: at(7 * DAY), maxExpiresAt: at(30 * DAY) });
  });

  it("never starts past the max lifetime", () => {
    const { expiresAt, maxExpiresAt } = initialExpiry(t0, { idleTimeoutMs: 10 * DAY, maxLifetimeMs: 2 * DAY, touchIntervalMs: MINUTE });
    expect(maxExpiresAt).toEqual(at(2 * DAY));
    expect(expiresAt).toEqual(at(2 * DAY));
  });
});

describe("slideExpiry", () => {
  const max = at(30 * DAY);

  it("moves the expiry to an idle timeout from now", () => {
    expect(slideExpiry(at(3 * DAY), max, lifetimes)).toEqual(at(10 * DAY));
  });

  it("never moves it past the absolute limit, however late the use", () => {
    expect(slideExpiry(at(23 * DAY), max, lifetimes)).toEqual(max);
    expect(slideExpiry(at(29 * DAY), max, lifetimes)).toEqual(max);
    expect(slideExpiry(at(40 * DAY), max, lifetimes)).toEqual(max);
  });
});

describe("isTouchDue", () => {
  it("is not due within the touch interval", () => {
    expect(isTouchDue(t0, t0, lifetimes)).toBe(false);
    expect(isTouchDue(t0, at(10 * SECOND), lifetimes)).toBe(false);
    expect(isTouchDue(t0, at(MINUTE - 1), lifetimes)).toBe(false);
  });

  it("is due once the interval has passed", () => {
    expect(isTouchDue(t0, at(MINUTE), lifetimes)).toBe(true);
    expect(isTouchDue(t0, at(61 * SECOND), lifetimes)).toBe(true);
  });
});
