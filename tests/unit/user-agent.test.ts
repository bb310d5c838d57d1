import { describe, expect, it } from "vitest";
import { describeDevice, parseUserAgent, USER_AGENT_MAX_LENGTH } from "@/lib/sessions/user-agent";

const UA = {
  chromeMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
  safariIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1",
  safariIpad:
    "Mozilla/5.0 (iPad; CPU OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1",
  firefoxWindows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0",
  edgeWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0",
  chromeAndroid:
    "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36",
  safariMac:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Safari/605.1.15",
};

describe("parseUserAgent", () => {
  it("reads Chrome on macOS as a desktop browser", () => {
    const ua = parseUserAgent(UA.chromeMac);
    expect(ua).toMatchObject({ browser: "Chrome", browserVersion: "142", os: "macOS", osVersion: "10.15.7", deviceType: "desktop" });
    expect(ua.userAgent).toBe(UA.chromeMac);
    expect(describeDevice(ua)).toBe("Chrome 142 on macOS 10.15.7");
  });

  it("reads Safari on an iPhone as mobile", () => {
    const ua = parseUserAgent(UA.safariIphone);
    expect(ua.browser).toMatch(/Safari/);
    expect(ua).toMatchObject({ browserVersion: "18", os: "iOS", osVersion: "18.6", deviceType: "mobile" });
  });

  it("reads an iPad as an iPad, a tablet", () => {
    const ua = parseUserAgent(UA.safariIpad);
    expect(ua).toMatchObject({ browser: "Safari", browserVersion: "18", os: "iPadOS", osVersion: "18.6", deviceType: "tablet" });
    expect(describeDevice(ua)).toBe("Safari 18 on iPad");
    // Rows recorded before iPads were told apart: iOS on a tablet.
    expect(describeDevice({ browser: "Mobile Safari", browserVersion: "17", os: "iOS", osVersion: "17.0", deviceType: "tablet" })).toBe("Mobile Safari 17 on iPad");
    // An iPhone stays an iPhone's iOS.
    expect(describeDevice(parseUserAgent(UA.safariIphone))).toBe("Mobile Safari 18 on iOS 18.6");
  });

  it("names scripts and HTTP clients, which are no browser on any device", () => {
    const cases: [string, string][] = [
      ["curl/8.5.0", "curl 8.5"],
      ["Wget/1.21.4", "Wget 1.21"],
      ["python-requests/2.32.3", "Python requests 2.32"],
      ["Python-urllib/3.12", "Python urllib 3.12"],
      ["node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "node-fetch 1.0"],
      ["undici", "Node.js"],
      ["node", "Node.js"],
      ["axios/1.7.7", "axios 1.7"],
      ["Go-http-client/1.1", "Go HTTP client 1.1"],
      ["PostmanRuntime/7.43.0", "Postman 7.43"],
      ["okhttp/4.12.0", "OkHttp 4.12"],
      ["HTTPie/3.2.2", "HTTPie 3.2"],
      ["Java/17.0.2", "Java HTTP client 17.0"],
      ["Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.1", "PowerShell 5.1"],
      // Not known by name: its own product token.
      ["acme-sync/2.4 (build 7)", "acme-sync 2.4"],
    ];
    for (const [raw, described] of cases) {
      const ua = parseUserAgent(raw);
      expect(ua.deviceType, raw).toBe("app");
      expect(ua.os, raw).toBeNull();
      expect(describeDevice(ua), raw).toBe(described);
    }
  });

  it("reads Firefox on Windows", () => {
    expect(parseUserAgent(UA.firefoxWindows)).toMatchObject({ browser: "Firefox", browserVersion: "145", os: "Windows", deviceType: "desktop" });
  });

  it("tells Edge from the Chrome it is built on", () => {
    expect(parseUserAgent(UA.edgeWindows)).toMatchObject({ browser: "Edge", browserVersion: "142", os: "Windows" });
  });

  it("reads Chrome on Android as mobile and Safari on a Mac as desktop", () => {
    expect(parseUserAgent(UA.chromeAndroid)).toMatchObject({ browser: "Chrome", os: "Android", deviceType: "mobile" });
    expect(parseUserAgent(UA.safariMac)).toMatchObject({ browser: "Safari", os: "macOS", deviceType: "desktop" });
  });

  it("turns an empty, missing or garbage user agent into unknowns, never an error", () => {
    for (const raw of [undefined, null, "", "   ", "\u0000\u0001<script>alert(1)</script>", "🙂".repeat(50)]) {
      const ua = parseUserAgent(raw);
      expect(ua.browser, String(raw)).toBeNull();
      expect(ua.os, String(raw)).toBeNull();
      expect(ua.deviceType).toBe("desktop");
      expect(describeDevice(ua)).toBe("Unknown browser");
    }
    expect(parseUserAgent(null).userAgent).toBe("");
  });

  it("caps an over-long user agent at 512 characters but still parses it", () => {
    expect(USER_AGENT_MAX_LENGTH).toBe(512);
    const long = `${UA.chromeMac} ${"x".repeat(10_000)}`;
    const ua = parseUserAgent(long);
    expect(ua.userAgent).toHaveLength(512);
    expect(ua.userAgent).toBe(long.slice(0, 512));
    expect(ua.browser).toBe("Chrome");
  });
});

describe("describeDevice", () => {
  it("names what is known and nothing else", () => {
    expect(describeDevice({ browser: "Firefox", browserVersion: "145", os: "Windows", osVersion: "10" })).toBe("Firefox 145 on Windows 10");
    expect(describeDevice({ browser: "Firefox", browserVersion: null, os: "Linux", osVersion: null })).toBe("Firefox on Linux");
    expect(describeDevice({ browser: "Firefox", browserVersion: "145", os: null })).toBe("Firefox 145");
    expect(describeDevice({ browser: null, browserVersion: null, os: "Linux", osVersion: null })).toBe("Linux device");
    expect(describeDevice({ browser: null, browserVersion: null, os: null, osVersion: null })).toBe("Unknown browser");
  });
});
