import { describe, expect, it } from "vitest";
import type { SupportSessionView } from "@/lib/sessions/support";
import { toSupportJson } from "@/lib/support/present";

// How the support console (and its API) shows a session to staff: one JSON shape, worded for a
// support engineer, naming who ended it.

const base: SupportSessionView = {
  id: "AbCdEfGhIjKlMnOpQrStUvWxYz012345",
  status: "ACTIVE",
  user: { id: "usr_1", name: "Mia Moreno", email: "mia@example.com", role: "USER", deactivated: false },
  account: { id: "acct_demo", name: "Buddha Brokers Ltd" },
  browser: "Chrome",
  browserVersion: "142",
  os: "macOS",
  osVersion: "10.15.7",
  deviceType: "desktop",
  ip: "73.162.10.4",
  location: "San Francisco, United States",
  createdAt: new Date("2026-11-01T10:00:00Z"),
  lastActiveAt: new Date("2026-11-02T10:00:00Z"),
  expiresAt: new Date("2026-11-09T10:00:00Z"),
  endedAt: null,
  endReason: null,
  endedBy: null,
  endNote: null,
  deviceSignedOutAt: null,
};

describe("a session as the support console shows it", () => {
  it("a live one: who, which device, when; nothing about an ending", () => {
    expect(toSupportJson(base)).toEqual({
      id: base.id,
      status: "ACTIVE",
      account: { id: "acct_demo", name: "Buddha Brokers Ltd" },
      user: { id: "usr_1", name: "Mia Moreno", email: "mia@example.com", role: "USER", roleLabel: "User", deactivated: false },
      device: { browser: "Chrome", browserVersion: "142", os: "macOS", osVersion: "10.15.7", deviceType: "desktop", description: "Chrome 142 on macOS 10.15.7" },
      ip: "73.162.10.4",
      location: "San Francisco, United States",
      createdAt: "2026-11-01T10:00:00.000Z",
      lastActiveAt: "2026-11-02T10:00:00.000Z",
      expiresAt: "2026-11-09T10:00:00.000Z",
      ended: null,
    });
  });

  it("ended by support: the colleague's name, the note, and whether its device has been turned away", () => {
    const ended = toSupportJson({
      ...base,
      status: "TERMINATED",
      endedAt: new Date("2026-11-03T10:00:00Z"),
      endReason: "SUPPORT",
      endedBy: { name: "Jonas Berg", role: "SUPPORT", self: false },
      endNote: "Lost laptop",
      deviceSignedOutAt: new Date("2026-11-03T10:05:00Z"),
    }).ended;
    expect(ended).toEqual({
      at: "2026-11-03T10:00:00.000Z",
      reason: "SUPPORT",
      description: "Ended by Broker Buddha support",
      by: { name: "Jonas Berg", role: "SUPPORT", roleLabel: "Broker Buddha support", self: false },
      note: "Lost laptop",
      deviceSignedOutAt: "2026-11-03T10:05:00.000Z",
    });
  });

  it("ended by an Account Owner names them; an expiry names nobody; a staff session has no account", () => {
    const byOwner = toSupportJson({ ...base, status: "TERMINATED", endedAt: base.lastActiveAt, endReason: "ACCOUNT_OWNER", endedBy: { name: "Olivia Owens", role: "ACCOUNT_OWNER", self: false } });
    expect(byOwner.ended).toMatchObject({ description: "Ended by an Account Owner", by: { name: "Olivia Owens", roleLabel: "Account Owner" }, deviceSignedOutAt: null });
    const expired = toSupportJson({ ...base, status: "EXPIRED", endedAt: base.expiresAt, endReason: "IDLE_TIMEOUT" });
    expect(expired.ended).toMatchObject({ at: "2026-11-09T10:00:00.000Z", description: "Expired after a period without use", by: null, note: null });
    const staff = toSupportJson({ ...base, account: null, user: { ...base.user, role: "SUPPORT" } });
    expect(staff).toMatchObject({ account: null, user: { roleLabel: "Broker Buddha support" } });
  });
});
