import { UAParser } from "ua-parser-js";

export const USER_AGENT_MAX_LENGTH = 512;

/** "app": a script or HTTP client (curl, python-requests…), not a browser on any kind of device. */
export type DeviceType = "desktop" | "mobile" | "tablet" | "app";

export type ParsedUserAgent = {
  userAgent: string;
  browser: string | null;
  browserVersion: string | null;
  os: string | null;
  osVersion: string | null;
  deviceType: DeviceType;
};

// Scripts and HTTP clients that sign in with the API, by the product token they start with. The
// browser parser knows none of them; a user should still recognise "curl 8.5" as their own.
const CLIENTS: [RegExp, string][] = [
  [/^curl\/([\w.]+)/i, "curl"],
  [/^wget\/([\w.]+)/i, "Wget"],
  [/^python-requests\/([\w.]+)/i, "Python requests"],
  [/^python-urllib\/([\w.]+)/i, "Python urllib"],
  [/^python-httpx\/([\w.]+)/i, "Python HTTPX"],
  [/^aiohttp\/([\w.]+)/i, "Python aiohttp"],
  [/^node-fetch(?:\/([\w.]+))?/i, "node-fetch"],
  [/^undici(?:\/([\w.]+))?$/i, "Node.js"],
  [/^node(?:\/([\w.]+))?$/i, "Node.js"],
  [/^axios\/([\w.]+)/i, "axios"],
  [/^go-http-client\/([\w.]+)/i, "Go HTTP client"],
  [/^postmanruntime\/([\w.]+)/i, "Postman"],
  [/^insomnia\/([\w.]+)/i, "Insomnia"],
  [/^okhttp\/([\w.]+)/i, "OkHttp"],
  [/^httpie\/([\w.]+)/i, "HTTPie"],
  [/^java(?:-http-client)?\/([\w.]+)/i, "Java HTTP client"],
  [/WindowsPowerShell\/([\w.]+)/i, "PowerShell"],
  [/^PowerShell\/([\w.]+)/i, "PowerShell"],
];

/** A client that is not a browser: a known one by name, else its own product token ("MyTool/2.1"). */
function nonBrowserClient(userAgent: string): { name: string; version: string | null } | null {
  for (const [pattern, name] of CLIENTS) {
    const match = pattern.exec(userAgent);
    if (match) return { name, version: match[1] ?? null };
  }
  if (/^mozilla\//i.test(userAgent)) return null;
  const [, name, version] = /^([A-Za-z][\w.-]{1,39})\/(\d[\w.]{0,19})/.exec(userAgent) ?? [];
  return name ? { name, version: version ?? null } : null;
}

const majorOf = (version: string | null) => (version && /^\d+\.\d+\.\d+/.test(version) ? version.split(".").slice(0, 2).join(".") : version);

/** Parses a User-Agent header into what My Sessions shows; the raw value is capped in length. */
export function parseUserAgent(raw: string | null | undefined): ParsedUserAgent {
  const userAgent = (raw ?? "").slice(0, USER_AGENT_MAX_LENGTH);
  const client = nonBrowserClient(userAgent.trim());
  if (client) return { userAgent, browser: client.name, browserVersion: majorOf(client.version), os: null, osVersion: null, deviceType: "app" };

  const result = new UAParser(userAgent).getResult();
  const type = result.device.type;
  const deviceType: DeviceType = type === "mobile" || type === "wearable" ? "mobile" : type === "tablet" ? "tablet" : "desktop";
  const iPad = result.device.model === "iPad";
  return {
    userAgent,
    // On an iPad, Safari is "Mobile Safari" to the parser; the user knows it as Safari.
    browser: iPad && result.browser.name === "Mobile Safari" ? "Safari" : (result.browser.name ?? null),
    browserVersion: result.browser.major ?? result.browser.version ?? null,
    os: iPad ? "iPadOS" : result.os.name === "Mac OS" ? "macOS" : (result.os.name ?? null),
    osVersion: result.os.version ?? null,
    deviceType,
  };
}

type Described = { browser: string | null; browserVersion: string | null; os: string | null; osVersion?: string | null; deviceType?: string };

/**
 * "Chrome 131 on macOS 10.15", "Safari 18 on iPad", "curl 8.5", or the parts that are known;
 * "Unknown browser" only when nothing is.
 */
export function describeDevice(s: Described): string {
  const browser = s.browser ? [s.browser, s.browserVersion].filter(Boolean).join(" ") : null;
  // Sessions recorded before iPads were told apart say iOS on a tablet.
  const iPad = s.os === "iPadOS" || (s.os === "iOS" && s.deviceType === "tablet");
  const os = iPad ? "iPad" : s.os ? [s.os, s.osVersion].filter(Boolean).join(" ") : null;
  if (browser) return os ? `${browser} on ${os}` : browser;
  if (os) return iPad ? "iPad" : `${os} device`;
  return "Unknown browser";
}
