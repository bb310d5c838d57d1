import { formatLocation } from "@/lib/geo/locate";
import { deviceFamily } from "@/lib/sessions/flag-words";

// The new sign-in alert by e-mail, as words: the same facts as the "Was this you?" banner
// (device, place, when) and a link to My Sessions. Never a session ID or handle: an e-mail is
// forwarded, archived and read on other devices.

export type NewSignInFacts = {
  name: string;
  browser: string | null;
  os: string | null;
  ip: string;
  city: string | null;
  region: string | null;
  country: string | null;
  at: Date;
  newDevice: boolean;
  newLocation: boolean;
};

function what(f: Pick<NewSignInFacts, "newDevice" | "newLocation">): string {
  if (f.newDevice && f.newLocation) return "a new device and location";
  return f.newDevice ? "a new device" : "a new location";
}

/** Subject and plain-text body of the alert; `appUrl` is the app's configured public URL. */
export function newSignInEmail(f: NewSignInFacts, appUrl: string): { subject: string; text: string } {
  const device = deviceFamily(f);
  const place = formatLocation(f.ip, f);
  const when = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(f.at);
  const link = new URL("/settings/sessions", appUrl).toString();
  const text = [
    `Hi ${f.name},`,
    "",
    `Your Broker Buddha AI account was just signed in to from ${what(f)}:`,
    "",
    `  New sign-in: ${device} · ${place} · ${when} UTC`,
    `  IP address: ${f.ip}`,
    "",
    "Was this you? Then there is nothing to do.",
    "",
    "If it wasn't you, open My Sessions, choose \u201cWasn't me?\u201d on that sign-in, and change your password:",
    link,
    "",
    "You get this e-mail when a sign-in comes from a browser or place you have not used in the previous 90 days.",
  ].join("\n");
  return { subject: `New sign-in to Broker Buddha AI: ${device} · ${place}`, text };
}
