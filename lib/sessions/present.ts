import { formatLocation } from "@/lib/geo/locate";
import { sessionFlags } from "./signals";
import type { SessionView } from "./store";

/** A session as the JSON API returns it: the full ID, since the caller asked for it by calling. */
export function toApiSession(s: SessionView, currentSessionId: string) {
  return {
    id: s.id,
    current: s.id === currentSessionId,
    status: s.status,
    browser: s.browser,
    browserVersion: s.browserVersion,
    os: s.os,
    osVersion: s.osVersion,
    deviceType: s.deviceType,
    ip: s.ip,
    location: formatLocation(s.ip, s),
    createdAt: s.createdAt.toISOString(),
    lastActiveAt: s.lastActiveAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    /** "new_device", "new_location", "location_changed": what My Sessions badges (signals.ts). */
    flags: sessionFlags(s),
    ...(s.status === "ACTIVE"
      ? {}
      : {
          endedAt: (s.endedAt ?? s.expiresAt).toISOString(),
          endReason: s.endReason,
          // Never a support engineer: the store leaves endedBy empty for SUPPORT endings.
          endedBy: s.endedBy && s.endReason !== "SUPPORT" ? { id: s.endedBy.id, name: s.endedBy.name, role: s.endedBy.role } : null,
          /** Broker Buddha support's reason, when they ended it. */
          endNote: s.endNote,
          deviceSignedOutAt: s.deviceSignedOutAt?.toISOString() ?? null,
        }),
  };
}
