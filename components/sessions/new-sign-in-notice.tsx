import { requireSession } from "@/lib/auth/session";
import { formatLocation } from "@/lib/geo/locate";
import { deviceFamily } from "@/lib/sessions/flag-words";
import { pendingNewSignIn } from "@/lib/sessions/store";
import { NewSignInBanner } from "./new-sign-in-banner";

/** The settings pages' "Was this you?" banner: shown when a sign-in from a new device or location awaits an answer. */
export async function NewSignInNotice() {
  const session = await requireSession();
  const now = new Date();
  const pending = await pendingNewSignIn(session.user.id, session.sessionId, now);
  return (
    <NewSignInBanner
      pending={
        pending && {
          handle: pending.handle,
          device: deviceFamily(pending),
          place: formatLocation(pending.ip, pending),
          createdAt: pending.createdAt.toISOString(),
          now: now.toISOString(),
          laterSessions: pending.laterSessions,
        }
      }
    />
  );
}
