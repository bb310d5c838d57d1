import type { SessionView } from "@/lib/sessions/store";
import { formatLocation } from "@/lib/geo/locate";
import { describeDevice } from "@/lib/sessions/user-agent";
import { describeEnd, endedRemotely } from "@/lib/sessions/describe-end";
import { LocalTime } from "./local-time";
import { DeviceIcon, StatusBadge } from "./session-badges";

export { DeviceIcon, StatusBadge };

// Presentational pieces shared by the Active Sessions and Session History tables.

const DEVICE_LABEL: Record<string, string> = { desktop: "Desktop", mobile: "Mobile", tablet: "Tablet" };

export function UserDevice({ session, current }: { session: SessionView; current?: boolean }) {
  return (
    <div className="flex min-w-0 items-start gap-3">
      <span className="mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-lg bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300">
        <DeviceIcon type={session.deviceType} />
      </span>
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 font-medium text-slate-900 dark:text-white">
          <span>{describeDevice(session)}</span>
          {current && (
            <span className="rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-500/15 dark:text-indigo-300 dark:ring-indigo-500/30">
              This device
            </span>
          )}
        </p>
        <p className="text-slate-500 dark:text-slate-400">
          {DEVICE_LABEL[session.deviceType] ?? "Device"} · <span className="font-mono text-xs">{session.ip}</span>
        </p>
      </div>
    </div>
  );
}

/** Under a history row's status: how the session ended (with Broker Buddha support's note) and, if ended remotely, whether its device knows yet. */
export function EndNote({ session, now }: { session: SessionView; now: Date }) {
  return (
    <>
      <p className="mt-1 max-w-56 text-xs text-slate-500 dark:text-slate-400">{describeEnd(session)}</p>
      {session.endNote && (
        <p data-testid="end-note" className="mt-1 max-w-64 break-words border-l-2 border-indigo-200 pl-2 text-xs text-slate-700 dark:border-indigo-500/40 dark:text-slate-300">
          <span className="sr-only">Their note: </span>“{session.endNote}”
        </p>
      )}
      {endedRemotely(session) && (
        <p className="mt-0.5 max-w-56 text-xs text-slate-500 dark:text-slate-400">
          {session.deviceSignedOutAt ? (
            <>Device signed out at <LocalTime iso={session.deviceSignedOutAt.toISOString()} now={now.toISOString()} mode="exact" /></>
          ) : (
            "Device will be signed out on its next request"
          )}
        </p>
      )}
    </>
  );
}

export function LocationText({ session }: { session: SessionView }) {
  return <span>{formatLocation(session.ip, session)}</span>;
}

/** A cell that, at phone width, shows its column name above its value (each row becomes a card). */
export function Cell({ label, children, className = "" }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <td className={`block min-w-0 align-top md:table-cell md:px-5 md:py-3 ${className}`}>
      <span className="mb-0.5 block text-xs font-medium text-slate-500 md:hidden dark:text-slate-400" aria-hidden="true">{label}</span>
      {children}
    </td>
  );
}

function HeaderCell({ children, className = "" }: { children: React.ReactNode; className?: string }) {
  return (
    <th scope="col" className={`px-5 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400 ${className}`}>
      {children}
    </th>
  );
}

/** A sessions table: a real table from md up; at phone width each row becomes a card (rowClass). */
export function SessionTable({ caption, columns, children }: { caption: string; columns: string[]; children: React.ReactNode }) {
  return (
    <table className="block w-full text-sm md:table">
      <caption className="sr-only">{caption}</caption>
      <thead className="sr-only md:not-sr-only md:table-header-group">
        <tr className="border-b border-slate-200 dark:border-slate-800">
          {columns.map((column) => (
            <HeaderCell key={column} className={column === "Actions" ? "text-right" : ""}>{column}</HeaderCell>
          ))}
        </tr>
      </thead>
      <tbody className="block divide-y divide-slate-200 md:table-row-group dark:divide-slate-800">{children}</tbody>
    </table>
  );
}

/** Row classes: a two-column card at phone width, a table row from md up. */
export const rowClass = "grid grid-cols-2 gap-x-4 gap-y-3 px-5 py-4 md:table-row md:p-0";
