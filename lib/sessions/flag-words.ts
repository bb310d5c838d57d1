import { formatLocation } from "@/lib/geo/locate";
import { sessionFlags, SIGNAL_LOOKBACK_DAYS, type SessionFlag } from "./signals";
import { describeDevice } from "./user-agent";

// The signals of a session as My Sessions words them: a short badge and a plain explanation
// (shown on hover and on keyboard focus).

export type Flagged = {
  browser: string | null;
  os: string | null;
  ip: string;
  city: string | null;
  region: string | null;
  country: string | null;
  lastIp: string | null;
  lastCity: string | null;
  lastRegion: string | null;
  lastCountry: string | null;
  newDevice: boolean;
  newLocation: boolean;
  locationChangedAt: Date | null;
};

export type FlagBadge = { flag: SessionFlag; label: string; explanation: string };

export const FLAG_LABEL: Record<SessionFlag, string> = {
  new_device: "New device",
  new_location: "New location",
  location_changed: "Location changed",
};

/** "Firefox on Windows": the browser family and OS, which is what "New device" compares. */
export function deviceFamily(s: { browser: string | null; os: string | null }): string {
  return describeDevice({ browser: s.browser, browserVersion: null, os: s.os, osVersion: null });
}

/** Each flag of a session with its badge text and explanation. */
export function flagBadges(s: Flagged): FlagBadge[] {
  const signedInFrom = formatLocation(s.ip, s);
  return sessionFlags(s).map((flag) => {
    switch (flag) {
      case "new_device":
        return {
          flag,
          label: FLAG_LABEL[flag],
          explanation: `You had not signed in with ${deviceFamily(s)} in the ${SIGNAL_LOOKBACK_DAYS} days before this sign-in.`,
        };
      case "new_location":
        return {
          flag,
          label: FLAG_LABEL[flag],
          explanation: `You had not signed in from ${signedInFrom} in the ${SIGNAL_LOOKBACK_DAYS} days before this sign-in.`,
        };
      case "location_changed": {
        const latest = s.lastIp ? `${formatLocation(s.lastIp, { city: s.lastCity, region: s.lastRegion, country: s.lastCountry })} (${s.lastIp})` : "another country";
        return {
          flag,
          label: FLAG_LABEL[flag],
          explanation: `Signed in from ${signedInFrom}, this session was later used from another country. Latest: ${latest}.`,
        };
      }
    }
  });
}
