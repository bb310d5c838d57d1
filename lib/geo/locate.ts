import { BlockList } from "node:net";
import { createRequire } from "node:module";

// IP → location, resolved once at sign-in, and by the request gate only when a session's
// once-a-minute touch sees it on a new address. geoip-lite holds ~135 MB once loaded, so it is
// required lazily on the first public address (Node's module cache shares it between bundles).

export type Location = { city: string | null; region: string | null; country: string | null };

export const LOCAL_NETWORK = "Local network";
export const UNKNOWN_LOCATION = "Unknown";

const privateRanges = new BlockList();
for (const [net, bits] of [["10.0.0.0", 8], ["172.16.0.0", 12], ["192.168.0.0", 16], ["127.0.0.0", 8], ["169.254.0.0", 16], ["100.64.0.0", 10], ["0.0.0.0", 8]] as const) {
  privateRanges.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [["::1", 128], ["fc00::", 7], ["fe80::", 10], ["::", 128]] as const) {
  privateRanges.addSubnet(net, bits, "ipv6");
}

export function isPrivateAddress(ip: string): boolean {
  try {
    return privateRanges.check(ip, ip.includes(":") ? "ipv6" : "ipv4");
  } catch {
    return false;
  }
}

type GeoIp = { lookup(ip: string): { city?: string; region?: string; country?: string } | null };
let geoip: GeoIp | undefined;

/** The city, region and country of a public address; all null for a private or unknown one. */
export function locate(ip: string): Location {
  const none = { city: null, region: null, country: null };
  if (isPrivateAddress(ip)) return none;
  try {
    geoip ??= createRequire(import.meta.url)("geoip-lite") as GeoIp;
    const hit = geoip.lookup(ip);
    if (!hit) return none;
    return { city: hit.city || null, region: hit.region || null, country: hit.country || null };
  } catch {
    return none;
  }
}

let regionNames: Intl.DisplayNames | undefined;

/** "Berlin, Germany" (or "BE, Germany" without a city); "Local network" for private addresses; "Unknown" when nothing is known. */
export function formatLocation(ip: string, location: Location): string {
  if (isPrivateAddress(ip)) return LOCAL_NETWORK;
  const { city, region, country } = location;
  if (!city && !region && !country) return UNKNOWN_LOCATION;
  regionNames ??= new Intl.DisplayNames(["en"], { type: "region" });
  let countryName = country;
  try {
    countryName = country ? (regionNames.of(country) ?? country) : null;
  } catch {
    // not an ISO code: show it as stored
  }
  return [city, city ? null : region, countryName].filter(Boolean).join(", ");
}
