import type { SessionView } from "@/lib/sessions/store";
import { formatLocation } from "@/lib/geo/locate";
import { describeDevice } from "@/lib/sessions/user-agent";
import { describeEnd, endedRemotely } from "@/lib/sessions/describe-end";
import { LocalTime } from "./local-time";
import { Cell, DeviceSummary, type DeviceFacts } from "./row-parts";
import { DeviceIcon, StatusBadge } from "./session-badges";

export { Cell, DeviceIcon, StatusBadge };

// Presentational pieces shared by the Active Sessions and Session History tables.

/** A row's User & Device (see DeviceSummary), worded here on the server. */
export function UserDevice({ session, now, badges, signedIn }: { session: SessionView; now: Date; badges?: React.ReactNode; signedIn?: boolean }) {
  const facts: DeviceFacts = {
    device: describeDevice(session),
    deviceType: session.deviceType,
    ip: session.ip,
    place: formatLocation(session.ip, session),
    userAgent: session.userAgent,
    signedInAt: session.createdAt.toISOString(),
    // Where the gate last saw it, once that differs from where it signed in.
    latest: session.lastIp && session.lastIp !== session.ip
      ? { ip: session.lastIp, place: formatLocation(session.lastIp, { city: session.lastCity, region: session.lastRegion, country: session.lastCountry }) }
      : null,
  };
  return <DeviceSummary facts={facts} now={now.toISOString()} signedIn={signedIn} badges={badges} />;
}

/** "This device", after the device's name on the row of the session in use. */
export function ThisDeviceBadge() {
  return (
    <span className="rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-500/15 dark:text-indigo-300 dark:ring-indigo-500/30">
      This device
    </span>
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
            <>Device signed out at <LocalTime iso={session.deviceSignedOutAt.toISOString()} /></>
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

/** A sessions table: a real table from md up; at phone width each row becomes a card (rowClass). */
export function SessionTable({ caption, columns, children }: { caption: string; columns: string[]; children: React.ReactNode }) {
  return (
    <table className="st-table">
      <caption className="sr-only">{caption}</caption>
      <thead className="sr-only md:not-sr-only md:table-header-group">
        <tr className="border-b border-slate-200 dark:border-slate-800">
          {columns.map((column) => (
            <th key={column} scope="col" className={`st-th ${column === "Actions" ? "text-right" : ""}`}>{column}</th>
          ))}
        </tr>
      </thead>
      <tbody className="st-body">{children}</tbody>
    </table>
  );
}

/** Row classes: a two-column card at phone width, a table row from md up (see globals.css). */
export const rowClass = "st-row";
