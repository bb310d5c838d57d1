// Time wording for My Sessions. Pure: the same on the server (first paint) and in the browser
// (the viewer's own locale and time zone, after hydration). A formatter is made once per locale,
// time zone and style: making an Intl formatter costs far more than using one, and a page of
// sessions formats dozens of times (it was a sixth of My Sessions' server CPU).

const formatters = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function formatter<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let made = formatters.get(key) as T | undefined;
  if (!made) {
    made = make();
    formatters.set(key, made);
  }
  return made;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "Just now", "3 minutes ago", "yesterday", "in 6 days". */
export function relativeTime(date: Date, now: Date, locale = "en"): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 60) return seconds <= 0 ? "Just now" : "In less than a minute";
  const format = formatter(`relative ${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }));
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      const text = format.format(Math.trunc(seconds / size), unit);
      return text.charAt(0).toUpperCase() + text.slice(1);
    }
  }
  return "Just now";
}

/** "Nov 26, 2026, 6:02 PM" in the given time zone (UTC on the server, the viewer's in the browser). */
export function exactTime(date: Date, locale = "en-US", timeZone?: string): string {
  return formatter(`exact ${locale} ${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone })).format(date);
}

/** "6:02 PM" — for "Device signed out at …". */
export function clockTime(date: Date, locale = "en-US", timeZone?: string): string {
  return formatter(`clock ${locale} ${timeZone}`, () => new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone })).format(date);
}

export type SessionTimes = { status: "ACTIVE" | "EXPIRED" | "TERMINATED"; expiresAt: Date; endedAt: Date | null };

/**
 * What the Expires column says, the same on every page: when a live session will expire; for an
 * ended one, when it ended, labelled ("Ended", "Expired") so a past time never reads as a future
 * expiry.
 */
export function expiryOf(s: SessionTimes): { label: "Ended" | "Expired" | null; at: Date } {
  if (s.status === "ACTIVE") return { label: null, at: s.expiresAt };
  return { label: s.status === "EXPIRED" ? "Expired" : "Ended", at: s.endedAt ?? s.expiresAt };
}
