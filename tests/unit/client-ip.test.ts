import { describe, expect, it } from "vitest";
import { clientIp, normalizeIp } from "@/lib/http/client-ip.js";

// The recorded IP of a sign-in. A client can put anything in X-Forwarded-For; only the entries
// appended by the configured number of trusted proxies (counted from the right) may be believed.

describe("normalizeIp", () => {
  it("keeps plain IPv4 and IPv6 addresses, IPv6 lower-cased", () => {
    expect(normalizeIp("203.0.113.5")).toBe("203.0.113.5");
    expect(normalizeIp(" 203.0.113.5 ")).toBe("203.0.113.5");
    expect(normalizeIp("2001:DB8::1")).toBe("2001:db8::1");
  });

  it("gives an IPv4-mapped IPv6 address its IPv4 spelling", () => {
    expect(normalizeIp("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeIp("::FFFF:198.51.100.7")).toBe("198.51.100.7");
  });

  it("strips brackets and zone ids", () => {
    expect(normalizeIp("[2001:db8::2]")).toBe("2001:db8::2");
    expect(normalizeIp("[2001:db8::2]:8443")).toBe("2001:db8::2");
    expect(normalizeIp("fe80::1%eth0")).toBe("fe80::1");
  });

  it("rejects anything that is not an IP address", () => {
    for (const value of [undefined, null, "", "   ", "unknown", "localhost", "1.2.3", "999.1.1.1", "<script>", "1.2.3.4 5.6.7.8"]) {
      expect(normalizeIp(value), String(value)).toBeNull();
    }
  });
});

describe("clientIp", () => {
  it("uses the socket address when no proxy is trusted", () => {
    expect(clientIp("203.0.113.5", undefined, 0)).toBe("203.0.113.5");
    expect(clientIp("::ffff:203.0.113.5", null, 0)).toBe("203.0.113.5");
  });

  it("ignores a spoofed X-Forwarded-For when no proxy is trusted", () => {
    expect(clientIp("203.0.113.5", "6.6.6.6", 0)).toBe("203.0.113.5");
    expect(clientIp("203.0.113.5", "6.6.6.6, 7.7.7.7", 0)).toBe("203.0.113.5");
    expect(clientIp("203.0.113.5", ["6.6.6.6"], 0)).toBe("203.0.113.5");
  });

  it("with one trusted proxy, believes only the entry that proxy appended (the rightmost)", () => {
    // The client sent "6.6.6.6"; the proxy appended the address it saw.
    expect(clientIp("10.0.0.2", "6.6.6.6, 198.51.100.7", 1)).toBe("198.51.100.7");
    expect(clientIp("10.0.0.2", "198.51.100.7", 1)).toBe("198.51.100.7");
  });

  it("with N trusted proxies, picks the Nth entry from the right", () => {
    const header = "6.6.6.6, 7.7.7.7, 198.51.100.7, 10.0.0.9, 10.0.0.8";
    expect(clientIp("10.0.0.1", header, 1)).toBe("10.0.0.8");
    expect(clientIp("10.0.0.1", header, 2)).toBe("10.0.0.9");
    expect(clientIp("10.0.0.1", header, 3)).toBe("198.51.100.7");
  });

  it("joins repeated X-Forwarded-For headers (an array) in order", () => {
    expect(clientIp("10.0.0.1", ["6.6.6.6, 198.51.100.7", "10.0.0.9"], 2)).toBe("198.51.100.7");
    expect(clientIp("10.0.0.1", ["6.6.6.6", "198.51.100.7"], 1)).toBe("198.51.100.7");
  });

  it("normalises the chosen entry", () => {
    expect(clientIp("10.0.0.1", "6.6.6.6, ::ffff:198.51.100.7", 1)).toBe("198.51.100.7");
    expect(clientIp("10.0.0.1", "6.6.6.6,2001:DB8::7", 1)).toBe("2001:db8::7");
  });

  it("never walks past a garbage entry to a client-supplied one", () => {
    // A trusted proxy wrote something that is not an address: keep the socket, not the spoofed value.
    expect(clientIp("10.0.0.1", "6.6.6.6, unknown", 1)).toBe("10.0.0.1");
    expect(clientIp("10.0.0.1", "6.6.6.6, unknown", 2)).toBe("10.0.0.1");
    // The walk stops at the last good address.
    expect(clientIp("10.0.0.1", "6.6.6.6, garbage, 198.51.100.7", 3)).toBe("198.51.100.7");
  });

  it("skips empty list items and whitespace", () => {
    expect(clientIp("10.0.0.1", " 6.6.6.6 ,, 198.51.100.7 , ", 1)).toBe("198.51.100.7");
  });

  it("falls back to 0.0.0.0 when even the socket address is unusable", () => {
    expect(clientIp(undefined, undefined, 0)).toBe("0.0.0.0");
    expect(clientIp("not-an-ip", "6.6.6.6", 0)).toBe("0.0.0.0");
  });
});
