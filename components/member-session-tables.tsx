import { formatLocation } from "@/lib/geo/locate";
import { truncateSessionId } from "@/lib/sessions/ids";
import type { SessionView } from "@/lib/sessions/store";
import { describeDevice } from "@/lib/sessions/user-agent";
import { EndMemberSessionButton } from "./member-session-controls";
import { LocalTime } from "./sessions/local-time";
import { EndNote, StatusBadge, UserDevice } from "./sessions/session-cells";

// A member's sessions as an Account Owner sees them on /settings/users/[userId]. Only the
// truncated session ID reaches the HTML: rows are acted on by their opaque handle.

function SessionId({ id }: { id: string }) {
  return <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-200">{truncateSessionId(id)}</code>;
}

const th = "px-4 py-3 font-medium first:pl-5 last:pr-5";
const td = "px-4 py-3 first:pl-5 last:pr-5";
const head = "border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:bg-slate-900/60 dark:text-slate-400";
const label = "text-xs text-slate-500 dark:text-slate-400";

function Head({ columns, actions }: { columns: string[]; actions?: boolean }) {
  return (
    <thead className={head}>
      <tr>
        {columns.map((column) => (
          <th key={column} scope="col" className={th}>{column}</th>
        ))}
        {actions && <th scope="col" className={`${th} text-right`}><span className="sr-only">Actions</span></th>}
      </tr>
    </thead>
  );
}

function Empty({ children }: { children: React.ReactNode }) {
  return <p className="px-5 py-8 text-center text-sm text-slate-500 dark:text-slate-400">{children}</p>;
}

export function MemberActiveSessions({ memberId, sessions, now }: { memberId: string; sessions: SessionView[]; now: Date }) {
  if (sessions.length === 0) return <Empty>No active sessions. Nobody is signed in as this member.</Empty>;
  return (
    <>
      <table className="hidden w-full text-left text-sm lg:table">
        <Head columns={["User & Device", "Session", "Location", "Last active", "Expires"]} actions />
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {sessions.map((s) => (
            <tr key={s.handle} data-testid="member-session-row">
              <td className={`${td} max-w-xs`}><UserDevice session={s} /></td>
              <td className={td}><SessionId id={s.id} /></td>
              <td className={td}>{formatLocation(s.ip, s)}</td>
              <td className={`${td} whitespace-nowrap`}><LocalTime iso={s.lastActiveAt.toISOString()} now={now.toISOString()} mode="relative" /></td>
              <td className={`${td} whitespace-nowrap`}><LocalTime iso={s.expiresAt.toISOString()} now={now.toISOString()} mode="relative" /></td>
              <td className={`${td} text-right`}>
                <EndMemberSessionButton memberId={memberId} handle={s.handle} description={`${truncateSessionId(s.id)}, ${describeDevice(s)}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="divide-y divide-slate-200 lg:hidden dark:divide-slate-800">
        {sessions.map((s) => (
          <li key={s.handle} data-testid="member-session-card" className="space-y-3 px-4 py-4 text-sm sm:px-5">
            <UserDevice session={s} />
            <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4">
              <div><dt className={label}>Session</dt><dd className="mt-0.5"><SessionId id={s.id} /></dd></div>
              <div><dt className={label}>Location</dt><dd className="mt-0.5">{formatLocation(s.ip, s)}</dd></div>
              <div><dt className={label}>Last active</dt><dd className="mt-0.5"><LocalTime iso={s.lastActiveAt.toISOString()} now={now.toISOString()} mode="relative" /></dd></div>
              <div><dt className={label}>Expires</dt><dd className="mt-0.5"><LocalTime iso={s.expiresAt.toISOString()} now={now.toISOString()} mode="relative" /></dd></div>
            </dl>
            <div className="flex justify-end">
              <EndMemberSessionButton memberId={memberId} handle={s.handle} description={`${truncateSessionId(s.id)}, ${describeDevice(s)}`} />
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

export function MemberSessionHistory({ sessions, now }: { sessions: SessionView[]; now: Date }) {
  if (sessions.length === 0) return <Empty>No ended sessions yet.</Empty>;
  return (
    <>
      <table className="hidden w-full text-left text-sm lg:table">
        <Head columns={["User & Device", "Session", "Status", "Location", "How it ended", "Created", "Ended"]} />
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {sessions.map((s) => (
            <tr key={s.handle} data-testid="member-history-row">
              <td className={`${td} max-w-xs`}><UserDevice session={s} /></td>
              <td className={td}><SessionId id={s.id} /></td>
              <td className={td}><StatusBadge status={s.status} /></td>
              <td className={td}>{formatLocation(s.ip, s)}</td>
              <td className={td}><EndNote session={s} now={now} /></td>
              <td className={`${td} whitespace-nowrap`}><LocalTime iso={s.createdAt.toISOString()} now={now.toISOString()} mode="relative" /></td>
              <td className={`${td} whitespace-nowrap`}><LocalTime iso={(s.endedAt ?? s.expiresAt).toISOString()} now={now.toISOString()} mode="relative" /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="divide-y divide-slate-200 lg:hidden dark:divide-slate-800">
        {sessions.map((s) => (
          <li key={s.handle} className="space-y-3 px-4 py-4 text-sm sm:px-5">
            <UserDevice session={s} />
            <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4">
              <div><dt className={label}>Status</dt><dd className="mt-0.5"><StatusBadge status={s.status} /></dd></div>
              <div><dt className={label}>Session</dt><dd className="mt-0.5"><SessionId id={s.id} /></dd></div>
              <div><dt className={label}>Location</dt><dd className="mt-0.5">{formatLocation(s.ip, s)}</dd></div>
              <div><dt className={label}>Created</dt><dd className="mt-0.5"><LocalTime iso={s.createdAt.toISOString()} now={now.toISOString()} mode="relative" /></dd></div>
              <div><dt className={label}>Ended</dt><dd className="mt-0.5"><LocalTime iso={(s.endedAt ?? s.expiresAt).toISOString()} now={now.toISOString()} mode="relative" /></dd></div>
              <div className="col-span-2 sm:col-span-4"><dt className={label}>How it ended</dt><dd className="mt-0.5"><EndNote session={s} now={now} /></dd></div>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
