import { describe, expect, it } from "vitest";
import { formatLocation, isPrivateAddress, LOCAL_NETWORK, locate, UNKNOWN_LOCATION } from "@/lib/geo/locate";

const nowhere = { city: null, region: null, country: null };

describe("isPrivateAddress", () => {
  it("is true for loopback, private, link-local and carrier-grade NAT addresses, IPv4 and IPv6", () => {
    for (const ip of [
      "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.1", "169.254.10.20", "100.64.0.1",
      "0.0.0.0", "::1", "::", "fd00::1", "fc12:3456::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
    ]) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
  });

  it("is false for public addresses and for things that are not addresses", () => {
    for (const ip of ["85.214.132.117", "8.8.8.8", "172.32.0.1", "192.169.0.1", "2a00:1450:4001:80b::200e", "garbage", ""]) {
      expect(isPrivateAddress(ip), ip).toBe(false);
    }
  });
});

describe("locate", () => {
  it("finds the city, region and country of a public address", () => {
    expect(locate("85.214.132.117")).toEqual({ city: "Berlin", region: "BE", country: "DE" });
    expect(locate("81.2.69.142").country).toBe("GB");
    expect(locate("2a00:1450:4001:80b::200e").country).toBe("DE");
  });

  it("knows nothing about private, loopback or malformed addresses", () => {
    for (const ip of ["127.0.0.1", "::1", "10.0.0.1", "fd00::1", "0.0.0.0", "garbage", ""]) {
      expect(locate(ip), ip).toEqual(nowhere);
    }
  });
});

describe("formatLocation", () => {
  it("shows loopback and private addresses as Local network", () => {
    expect(LOCAL_NETWORK).toBe("Local network");
    for (const ip of ["127.0.0.1", "192.168.0.10", "::1", "fd00::1", "fe80::1"]) {
      expect(formatLocation(ip, nowhere), ip).toBe("Local network");
    }
    // Whatever was stored, a private address never pretends to a place.
    expect(formatLocation("10.0.0.1", { city: "Berlin", region: "BE", country: "DE" })).toBe("Local network");
  });

  it("shows Unknown when nothing is known about a public address", () => {
    expect(UNKNOWN_LOCATION).toBe("Unknown");
    expect(formatLocation("203.0.113.5", nowhere)).toBe("Unknown");
    expect(formatLocation("garbage", nowhere)).toBe("Unknown");
  });

  it("shows City, Country with the country's English name", () => {
    expect(formatLocation("85.214.132.117", { city: "Berlin", region: "BE", country: "DE" })).toBe("Berlin, Germany");
    expect(formatLocation("24.48.0.1", { city: "Montreal", region: "QC", country: "CA" })).toBe("Montreal, Canada");
    expect(formatLocation("8.8.8.8", { city: null, region: null, country: "US" })).toBe("United States");
  });

  it("formats what locate() finds end to end", () => {
    expect(formatLocation("85.214.132.117", locate("85.214.132.117"))).toBe("Berlin, Germany");
    expect(formatLocation("127.0.0.1", locate("127.0.0.1"))).toBe("Local network");
  });

  it("shows a stored country that is not an ISO code as stored", () => {
    expect(formatLocation("203.0.113.5", { city: null, region: null, country: "Atlantis" })).toBe("Atlantis");
  });
});
