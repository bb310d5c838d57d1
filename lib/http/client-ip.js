// Plain JavaScript so the launcher's HTTP server (scripts/server.mjs) and the app share it.
import { isIP } from "node:net";

/**
 * Strips IPv4-mapped IPv6 and zone ids so one address has one spelling.
 * @param {string | undefined | null} address
 * @returns {string | null} the address, or null when it is not an IP address
 */
export function normalizeIp(address) {
  if (!address) return null;
  let value = address.trim();
  if (value.startsWith("[") && value.includes("]")) value = value.slice(1, value.indexOf("]"));
  const zone = value.indexOf("%");
  if (zone !== -1) value = value.slice(0, zone);
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(value)) value = value.slice(7);
  // Some proxies write "IPv4:port".
  if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(value)) value = value.slice(0, value.indexOf(":"));
  return isIP(value) ? value.toLowerCase() : null;
}

/**
 * The client's address: the socket's, unless `trustedHops` reverse proxies stand in front of the
 * app, in which case each of them appended the address it saw to X-Forwarded-For and the client
 * is that many entries from the right. Entries further left are whatever the client sent and are
 * never believed; an entry that is not an IP address stops the walk at the last good one.
 * @param {string | undefined | null} socketAddress
 * @param {string | string[] | undefined | null} forwardedFor
 * @param {number} trustedHops
 * @returns {string}
 */
export function clientIp(socketAddress, forwardedFor, trustedHops) {
  let ip = normalizeIp(socketAddress) ?? "0.0.0.0";
  if (!trustedHops || !forwardedFor) return ip;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  const chain = header.split(",").map((part) => part.trim()).filter(Boolean);
  for (let hop = 0; hop < trustedHops && chain.length > 0; hop++) {
    const next = normalizeIp(chain.pop());
    if (!next) break;
    ip = next;
  }
  return ip;
}
