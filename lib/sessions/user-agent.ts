import { UAParser } from "ua-parser-js";

export const USER_AGENT_MAX_LENGTH = 512;

export type DeviceType = "desktop" | "mobile" | "tablet";

export type ParsedUserAgent = {
  userAgent: string;
  browser: string | null;
  browserVersion: string | null;
  os: string | null;
  osVersion: string | null;
  deviceType: DeviceType;
};

/** Parses a User-Agent header into what My Sessions shows; the raw value is capped in length. */
export function parseUserAgent(raw: string | null | undefined): ParsedUserAgent {
  const userAgent = (raw ?? "").slice(0, USER_AGENT_MAX_LENGTH);
  const result = new UAParser(userAgent).getResult();
  const type = result.device.type;
  const deviceType: DeviceType = type === "mobile" || type === "wearable" ? "mobile" : type === "tablet" ? "tablet" : "desktop";
  return {
    userAgent,
    browser: result.browser.name ?? null,
    browserVersion: result.browser.major ?? result.browser.version ?? null,
    os: result.os.name === "Mac OS" ? "macOS" : (result.os.name ?? null),
    osVersion: result.os.version ?? null,
    deviceType,
  };
}

/** "Chrome 131 on macOS 10.15" or the parts that are known. */
export function describeDevice(s: { browser: string | null; browserVersion: string | null; os: string | null; osVersion?: string | null }): string {
  const browser = s.browser ? [s.browser, s.browserVersion].filter(Boolean).join(" ") : "Unknown browser";
  const os = s.os ? [s.os, s.osVersion].filter(Boolean).join(" ") : null;
  return os ? `${browser} on ${os}` : browser;
}
