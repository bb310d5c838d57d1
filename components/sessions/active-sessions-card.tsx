import Link from "next/link";
import type { SessionView } from "@/lib/sessions/store";
import { ActiveSessionRow } from "./active-session-row";
import { activeRow, SessionTable } from "./session-cells";
import { ShowTokensButton, SignOutOthersButton } from "./session-controls";
import { SessionsAnnouncer } from "./sessions-ui";

/** How many active sessions the card lists before "Show all". */
export const ACTIVE_SHOWN = 10;

/**
 * My Active Sessions: every device signed in now, this one first. A long list shows the
 * ACTIVE_SHOWN most recently active and a link to all of them (a link: it works without
 * JavaScript, and the page's HTML stays small).
 */
export function ActiveSessionsCard({
  sessions,
  currentSessionId,
  historyHandles,
  now,
  showAll,
  toggleHref,
}: {
  sessions: SessionView[];
  currentSessionId: string;
  /** Show Tokens reveals the history rows on the page as well. */
  historyHandles: string[];
  now: Date;
  showAll: boolean;
  /** The page with all sessions listed, or (when they are) with the first few. */
  toggleHref: string;
}) {
  const others = sessions.filter((s) => s.id !== currentSessionId).length;
  const listed = showAll ? sessions : sessions.slice(0, ACTIVE_SHOWN);
  const nowIso = now.toISOString();
  return (
    <section aria-labelledby="active-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-5 py-4 dark:border-slate-800">
        <div>
          <h2 id="active-heading" className="text-base font-semibold">My Active Sessions</h2>
          <p className="muted mt-0.5 text-sm">
            Devices currently signed in to your account. Log out any you don&apos;t recognize.
          </p>
        </div>
        <ShowTokensButton handles={[...listed.map((s) => s.handle), ...historyHandles]} />
      </div>
      <p className="mx-5 mt-4 flex gap-2 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800/60 dark:bg-amber-950/40 dark:text-amber-100">
        {/* The article's 🛡️, drawn: no emoji font needed. */}
        <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true" className="mt-0.5 size-4 shrink-0">
          <path d="M10 2.5 4 4.8v4.6c0 3.9 2.6 6.6 6 8.1 3.4-1.5 6-4.2 6-8.1V4.8L10 2.5Z" strokeLinejoin="round" />
        </svg>
        <span>Treat full session tokens like a password — don&apos;t share them in screenshots or chats unless requested by Broker Buddha support.</span>
      </p>
      <SessionsAnnouncer />
      <div className="mt-2">
        <SessionTable caption="My Active Sessions" columns={["User & Device", "Session", "Status", "Location", "Last Active", "Expires", "Actions"]}>
          {listed.map((s) => (
            <ActiveSessionRow
              key={s.handle}
              // "Wasn't me?" on this row also ends the other devices that signed in after it.
              row={activeRow(s, s.id === currentSessionId, sessions.filter((o) => o.id !== currentSessionId && o.id !== s.id && o.createdAt >= s.createdAt).length)}
              now={nowIso}
            />
          ))}
        </SessionTable>
      </div>
      {sessions.length > ACTIVE_SHOWN && (
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-3 text-sm dark:border-slate-800">
          <p className="muted">{showAll ? `All ${sessions.length} active sessions` : `The ${ACTIVE_SHOWN} most recently active of ${sessions.length}`}</p>
          <Link href={toggleHref} scroll={false} data-testid="active-toggle" className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
            {showAll ? "Show fewer" : `Show all ${sessions.length}`}
          </Link>
        </div>
      )}
      {others > 0 && (
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-3 dark:border-slate-800">
          <p className="muted text-sm">
            {others} other active session{others === 1 ? "" : "s"}
          </p>
          <SignOutOthersButton count={others} />
        </div>
      )}
    </section>
  );
}
