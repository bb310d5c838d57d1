import type { SessionView } from "@/lib/sessions/store";
import { truncateSessionId } from "@/lib/sessions/ids";
import { describeDevice } from "@/lib/sessions/user-agent";
import { formatLocation } from "@/lib/geo/locate";
import { deviceFamily, flagBadges } from "@/lib/sessions/flag-words";
import { LocalTime } from "./local-time";
import { SessionFlags } from "./session-flags";
import { WasntMeButton } from "./wasnt-me-button";
import { Cell, LocationText, rowClass, SessionTable, StatusBadge, UserDevice } from "./session-cells";
import { LogoutButton, SessionIdCell, ShowTokensButton, SignOutOthersButton } from "./session-controls";
import { SessionsAnnouncer } from "./sessions-ui";

/** My Active Sessions: every device signed in now, this one first. */
export function ActiveSessionsCard({
  sessions,
  currentSessionId,
  historyHandles,
  now,
}: {
  sessions: SessionView[];
  currentSessionId: string;
  /** Show Tokens reveals the history rows on the page as well. */
  historyHandles: string[];
  now: Date;
}) {
  const nowIso = now.toISOString();
  const others = sessions.filter((s) => s.id !== currentSessionId).length;
  return (
    <section aria-labelledby="active-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-5 py-4 dark:border-slate-800">
        <div>
          <h2 id="active-heading" className="text-base font-semibold">My Active Sessions</h2>
          <p className="mt-0.5 text-sm text-slate-500 dark:text-slate-400">
            Devices currently signed in to your account. Log out any you don&apos;t recognize.
          </p>
        </div>
        <ShowTokensButton handles={[...sessions.map((s) => s.handle), ...historyHandles]} />
      </div>
      <p className="mx-5 mt-4 flex gap-2 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800/60 dark:bg-amber-950/40 dark:text-amber-100">
        <span aria-hidden="true">🛡️</span>
        <span>Treat full session tokens like a password — don&apos;t share them in screenshots or chats unless requested by Broker Buddha support.</span>
      </p>
      <SessionsAnnouncer />
      <div className="mt-2">
        <SessionTable caption="My Active Sessions" columns={["User & Device", "Session", "Status", "Location", "Last Active", "Expires", "Actions"]}>
            {sessions.map((s) => {
              const current = s.id === currentSessionId;
              return (
                <tr key={s.handle} data-testid="active-session" data-current={current || undefined} className={`${rowClass} ${current ? "bg-indigo-50/40 dark:bg-indigo-500/5" : ""}`}>
                  <Cell label="User & Device" className="col-span-2"><UserDevice session={s} current={current} /><SessionFlags badges={flagBadges(s)} /></Cell>
                  <Cell label="Session"><SessionIdCell handle={s.handle} truncated={truncateSessionId(s.id)} /></Cell>
                  <Cell label="Status"><StatusBadge status="ACTIVE" /></Cell>
                  <Cell label="Location"><LocationText session={s} /></Cell>
                  <Cell label="Last Active" className="md:whitespace-nowrap">
                    <LocalTime iso={s.lastActiveAt.toISOString()} now={nowIso} mode="relative" />
                  </Cell>
                  <Cell label="Expires" className="md:whitespace-nowrap">
                    <LocalTime iso={s.expiresAt.toISOString()} now={nowIso} mode="exact" />
                  </Cell>
                  <Cell label="Actions" className="md:text-right [&>span]:sr-only">
                    <LogoutButton handle={s.handle} current={current} device={describeDevice(s)} />
                    {!current && (
                      <WasntMeButton
                        handle={s.handle}
                        device={deviceFamily(s)}
                        place={formatLocation(s.ip, s)}
                        laterSessions={sessions.filter((o) => o.id !== currentSessionId && o.id !== s.id && o.createdAt >= s.createdAt).length}
                      />
                    )}
                  </Cell>
                </tr>
              );
            })}
        </SessionTable>
      </div>
      {others > 0 && (
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-3 dark:border-slate-800">
          <p className="text-sm text-slate-500 dark:text-slate-400">
            {others} other active session{others === 1 ? "" : "s"}
          </p>
          <SignOutOthersButton count={others} />
        </div>
      )}
    </section>
  );
}
