import type { SessionView } from "@/lib/sessions/store";
import { formatLocation } from "@/lib/geo/locate";
import { expiryOf } from "@/lib/format/time";
import { deviceFamily, flagBadges } from "@/lib/sessions/flag-words";
import { truncateSessionId } from "@/lib/sessions/ids";
import { describeDevice } from "@/lib/sessions/user-agent";
import { describeEnd, endedRemotely } from "@/lib/sessions/describe-end";
import type { ActiveRowFacts } from "./active-session-row";
import { Cell, DeviceSummary, EndNoteText, type DeviceFacts, type EndFacts, type HistoryRowFacts } from "./row-parts";
import { rowClass } from "./row-class";
import { DeviceIcon, StatusBadge } from "./session-badges";

export { Cell, DeviceIcon, rowClass, StatusBadge };

// Presentational pieces shared by the Active Sessions and Session History tables.

/** What a row says about its device (see DeviceSummary), worded here on the server. */
function deviceFacts(session: SessionView): DeviceFacts {
  return {
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
}

/** A row's User & Device (see DeviceSummary). */
export function UserDevice({ session, now, badges, signedIn }: { session: SessionView; now: Date; badges?: React.ReactNode; signedIn?: boolean }) {
  return <DeviceSummary facts={deviceFacts(session)} now={now.toISOString()} signedIn={signedIn} badges={badges} />;
}

/** How an ended session ended (with Broker Buddha support's note) and, if ended remotely, whether its device knows yet. */
function endFacts(session: SessionView): EndFacts {
  return {
    words: describeEnd(session),
    note: session.endNote,
    remote: endedRemotely(session) ? { signedOutAt: session.deviceSignedOutAt?.toISOString() ?? null } : null,
  };
}

/** One row of My Session History, worded here for HistoryRow. */
export function historyRow(session: SessionView): HistoryRowFacts {
  const expiry = expiryOf(session);
  return {
    handle: session.handle,
    truncated: truncateSessionId(session.id),
    status: session.status,
    device: deviceFacts(session),
    badges: flagBadges(session),
    end: endFacts(session),
    place: formatLocation(session.ip, session),
    createdAt: session.createdAt.toISOString(),
    expiry: { label: expiry.label, at: expiry.at.toISOString() },
  };
}

/** One row of My Active Sessions, worded here for ActiveSessionRow. */
export function activeRow(session: SessionView, current: boolean, laterSessions: number): ActiveRowFacts {
  return {
    handle: session.handle,
    truncated: truncateSessionId(session.id),
    current,
    device: deviceFacts(session),
    badges: flagBadges(session),
    place: formatLocation(session.ip, session),
    lastActiveAt: session.lastActiveAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    logoutName: describeDevice(session),
    family: deviceFamily(session),
    laterSessions,
  };
}

/** Under a history row's status: how the session ended (see EndNoteText). */
export function EndNote({ session }: { session: SessionView }) {
  return <EndNoteText end={endFacts(session)} />;
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

