import { describe, expect, it } from "vitest";
import { limitKeyForIp } from "@/lib/http/ip-prefix";

// The sign-in limits count IPv6 clients by their /64: rotating addresses inside one subscriber's
// network must not buy an attacker more guesses.

describe("limitKeyForIp", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(limitKeyForIp("203.0.113.5")).toBe("203.0.113.5");
  });

  it("counts every address of one IPv6 /64 as one", () => {
    const a = limitKeyForIp("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
    expect(a).toBe("2001:db8:1:2::/64");
    expect(limitKeyForIp("2001:db8:1:2::1")).toBe(a);
    expect(limitKeyForIp("2001:DB8:0001:0002:ffff::")).toBe(a);
  });

  it("tells neighbouring /64 networks apart", () => {
    expect(limitKeyForIp("2001:db8:1:3::1")).not.toBe(limitKeyForIp("2001:db8:1:2::1"));
  });

  it("expands :: wherever it stands", () => {
    expect(limitKeyForIp("::1")).toBe("0:0:0:0::/64");
    expect(limitKeyForIp("fe80::1")).toBe("fe80:0:0:0::/64");
    expect(limitKeyForIp("2001:db8::")).toBe("2001:db8:0:0::/64");
  });

  it("reads an IPv4 tail inside IPv6", () => {
    expect(limitKeyForIp("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
  });

  it("puts anything that is not an address in one bucket", () => {
    expect(limitKeyForIp("not-an-ip")).toBe("unknown");
    expect(limitKeyForIp("")).toBe("unknown");
  });
});
