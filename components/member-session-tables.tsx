import { formatLocation } from "@/lib/geo/locate";
import { truncateSessionId } from "@/lib/sessions/ids";
import { describeEnd, endedRemotely } from "@/lib/sessions/describe-end";
import type { SessionView } from "@/lib/sessions/store";
import { describeDevice } from "@/lib/sessions/user-agent";
import { EndMemberSessionButton } from "./member-session-controls";
import { formatExact, TimeAgo } from "./time-ago";

// A member's sessions as an Account Owner sees them on /settings/users/[userId]. Only the
// truncated session ID reaches the HTML: rows are acted on by their opaque handle.

function DeviceIcon({ type }: { type: string }) {
  const common = { viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 1.8, "aria-hidden": true, className: "size-5" } as const;
  if (type === "mobile") return <svg {...common}><rect x="7" y="2.5" width="10" height="19" rx="2" /><path d="M11 18.5h2" strokeLinecap="round" /></svg>;
  if (type === "tablet") return <svg {...common}><rect x="4.5" y="2.5" width="15" height="19" rx="2" /><path d="M11 18.5h2" strokeLinecap="round" /></svg>;
  return <svg {...common}><rect x="3" y="4" width="18" height="12" rx="1.5" /><path d="M8 20h8M12 16v4" strokeLinecap="round" /></svg>;
}

function Device({ s }: { s: SessionView }) {
  return (
    <div className="flex min-w-0 items-center gap-3">
      <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300">
        <DeviceIcon type={s.deviceType} />
      </span>
      <div className="min-w-0">
        <p className="truncate font-medium text-slate-900 dark:text-white">{describeDevice(s)}</p>
        <p className="truncate text-slate-500 dark:text-slate-400">{s.ip}</p>
      </div>
    </div>
  );
}

function SessionId({ id }: { id: string }) {
  return <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-200">{truncateSessionId(id)}</code>;
}

const th = "px-4 py-3 font-medium first:pl-5 last:pr-5";
const td = "px-4 py-3 first:pl-5 last:pr-5";
const head = "border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:bg-slate-900/60 dark:text-slate-400";
const label = "text-xs text-slate-500 dark:text-slate-400";

function Empty({ children }: { children: React.ReactNode }) {
  return <p className="px-5 py-8 text-center text-sm text-slate-500 dark:text-slate-400">{children}</p>;
}

export function MemberActiveSessions({ memberId, sessions, now }: { memberId: string; sessions: SessionView[]; now: Date }) {
  if (sessions.length === 0) return <Empty>No active sessions. Nobody is signed in as this member.</Empty>;
  return (
    <>
      <table className="hidden w-full text-left text-sm lg:table">
        <thead className={head}>
          <tr>
            <th scope="col" className={th}>User &amp; Device</th>
            <th scope="col" className={th}>Session</th>
            <th scope="col" className={th}>Location</th>
            <th scope="col" className={th}>Last active</th>
            <th scope="col" className={th}>Expires</th>
            <th scope="col" className={`${th} text-right`}><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {sessions.map((s) => (
            <tr key={s.handle} data-testid="member-session-row">
              <td className={`${td} max-w-xs`}><Device s={s} /></td>
              <td className={td}><SessionId id={s.id} /></td>
              <td className={td}>{formatLocation(s.ip, s)}</td>
              <td className={`${td} whitespace-nowrap`}><TimeAgo date={s.lastActiveAt} now={now} /></td>
              <td className={`${td} whitespace-nowrap`}><TimeAgo date={s.expiresAt} now={now} /></td>
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
            <Device s={s} />
            <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4">
              <div><dt className={label}>Session</dt><dd className="mt-0.5"><SessionId id={s.id} /></dd></div>
              <div><dt className={label}>Location</dt><dd className="mt-0.5">{formatLocation(s.ip, s)}</dd></div>
              <div><dt className={label}>Last active</dt><dd className="mt-0.5"><TimeAgo date={s.lastActiveAt} now={now} /></dd></div>
              <div><dt className={label}>Expires</dt><dd className="mt-0.5"><TimeAgo date={s.expiresAt} now={now} /></dd></div>
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

function StatusBadge({ status }: { status: SessionView["status"] }) {
  return status === "EXPIRED" ? (
    <span className="inline-flex items-center gap-1 whitespace-nowrap rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-600/20 dark:bg-amber-500/15 dark:text-amber-200 dark:ring-amber-400/30">
      <span aria-hidden="true">🟡</span> Expired
    </span>
  ) : (
    <span className="inline-flex items-center gap-1 whitespace-nowrap rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700 ring-1 ring-inset ring-red-600/20 dark:bg-red-500/15 dark:text-red-200 dark:ring-red-400/30">
      <span aria-hidden="true">🔴</span> Terminated
    </span>
  );
}

function Ended({ s }: { s: SessionView }) {
  const signedOut = endedRemotely(s) && (s.deviceSignedOutAt ? `Device signed out at ${formatExact(s.deviceSignedOutAt)}` : "Device will be signed out on its next request");
  return (
    <div>
      <p>{describeEnd(s)}</p>
      {signedOut && <p className="text-xs text-slate-500 dark:text-slate-400">{signedOut}</p>}
    </div>
  );
}

export function MemberSessionHistory({ sessions, now }: { sessions: SessionView[]; now: Date }) {
  if (sessions.length === 0) return <Empty>No ended sessions yet.</Empty>;
  return (
    <>
      <table className="hidden w-full text-left text-sm lg:table">
        <thead className={head}>
          <tr>
            <th scope="col" className={th}>User &amp; Device</th>
            <th scope="col" className={th}>Session</th>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}>Location</th>
            <th scope="col" className={th}>How it ended</th>
            <th scope="col" className={th}>Created</th>
            <th scope="col" className={th}>Ended</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {sessions.map((s) => (
            <tr key={s.handle} data-testid="member-history-row">
              <td className={`${td} max-w-xs`}><Device s={s} /></td>
              <td className={td}><SessionId id={s.id} /></td>
              <td className={td}><StatusBadge status={s.status} /></td>
              <td className={td}>{formatLocation(s.ip, s)}</td>
              <td className={td}><Ended s={s} /></td>
              <td className={`${td} whitespace-nowrap`}><TimeAgo date={s.createdAt} now={now} /></td>
              <td className={`${td} whitespace-nowrap`}><TimeAgo date={s.endedAt ?? s.expiresAt} now={now} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="divide-y divide-slate-200 lg:hidden dark:divide-slate-800">
        {sessions.map((s) => (
          <li key={s.handle} className="space-y-3 px-4 py-4 text-sm sm:px-5">
            <Device s={s} />
            <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4">
              <div><dt className={label}>Status</dt><dd className="mt-0.5"><StatusBadge status={s.status} /></dd></div>
              <div><dt className={label}>Session</dt><dd className="mt-0.5"><SessionId id={s.id} /></dd></div>
              <div><dt className={label}>Location</dt><dd className="mt-0.5">{formatLocation(s.ip, s)}</dd></div>
              <div><dt className={label}>Created</dt><dd className="mt-0.5"><TimeAgo date={s.createdAt} now={now} /></dd></div>
              <div><dt className={label}>Ended</dt><dd className="mt-0.5"><TimeAgo date={s.endedAt ?? s.expiresAt} now={now} /></dd></div>
              <div className="col-span-2 sm:col-span-4"><dt className={label}>How it ended</dt><dd className="mt-0.5"><Ended s={s} /></dd></div>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
