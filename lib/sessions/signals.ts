// The signals My Sessions shows on a session, as pure rules: the store (store.ts) works out
// "New device" and "New location" at sign-in, the gate (gate.ts) "Location changed" at its
// once-a-minute touch; unit tests pin them down here.

export type SessionFlag = "new_device" | "new_location" | "location_changed";

/** How far back a sign-in looks for the same device or place. */
export const SIGNAL_LOOKBACK_DAYS = 90;

type Place = { city: string | null; country: string | null };

/** What an earlier session of the user tells about where and on what they have signed in. */
export type PastUse = { browser: string | null; os: string | null; city: string | null; country: string | null; lastCity: string | null; lastCountry: string | null };

type Arrival = { browser: string | null; os: string | null } & Place;

/** Same place: same country, and the same city too when both sides know it. */
function samePlace(a: Place, b: Place): boolean {
  if (!a.country || a.country !== b.country) return false;
  return !a.city || !b.city || a.city === b.city;
}

/**
 * A sign-in's signals, given the user's sessions of the previous 90 days (sessions they reported
 * as not theirs left out). A user with none at all gets no signals: there is nothing to compare
 * with, and their very first sign-in is not news to them. A place that is not known (a private
 * address, an address geoip does not know) is never "new".
 */
export function signInSignals(arrival: Arrival, past: PastUse[]): { newDevice: boolean; newLocation: boolean } {
  if (past.length === 0) return { newDevice: false, newLocation: false };
  const newDevice = !past.some((p) => p.browser === arrival.browser && p.os === arrival.os);
  const places = past.flatMap((p) => [
    { city: p.city, country: p.country },
    { city: p.lastCity, country: p.lastCountry },
  ]);
  const newLocation = !!arrival.country && !places.some((p) => samePlace(arrival, p));
  return { newDevice, newLocation };
}

/** The latest address is in another country than the sign-in's (both known). */
export function countryChanged(signInCountry: string | null, latestCountry: string | null): boolean {
  return !!signInCountry && !!latestCountry && signInCountry !== latestCountry;
}

/** The flags a session carries, in the order the pages and the API list them. */
export function sessionFlags(s: { newDevice: boolean; newLocation: boolean; locationChangedAt: Date | null }): SessionFlag[] {
  const flags: SessionFlag[] = [];
  if (s.newDevice) flags.push("new_device");
  if (s.newLocation) flags.push("new_location");
  if (s.locationChangedAt) flags.push("location_changed");
  return flags;
}
