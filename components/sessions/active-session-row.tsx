import type { SessionView } from "@/lib/sessions/store";
import { truncateSessionId } from "@/lib/sessions/ids";
import { describeDevice } from "@/lib/sessions/user-agent";
import { formatLocation } from "@/lib/geo/locate";
import { deviceFamily } from "@/lib/sessions/flag-words";
import { ExpiresTime } from "./expires-time";
import { LocalTime } from "./local-time";
import { Cell, LocationText, rowClass, StatusBadge, ThisDeviceBadge, UserDevice } from "./session-cells";
import { LogoutButton, SessionIdCell } from "./session-controls";
import { RowFlags } from "./session-flags-cell";
import { WasntMeButton } from "./wasnt-me-button";

// One row of My Active Sessions. What a row says about its device, and what can be done with it,
// each have one place here (DeviceCell, RowActions): badges and actions are added there.

function DeviceCell({ session, current, now }: { session: SessionView; current: boolean; now: Date }) {
  return (
    <>
      <UserDevice session={session} now={now} signedIn badges={current && <ThisDeviceBadge />} />
      <RowFlags session={session} />
    </>
  );
}

function RowActions({ session, current, laterSessions }: { session: SessionView; current: boolean; laterSessions: number }) {
  return (
    <>
      <LogoutButton handle={session.handle} current={current} device={describeDevice(session)} />
      {!current && <WasntMeButton handle={session.handle} device={deviceFamily(session)} place={formatLocation(session.ip, session)} laterSessions={laterSessions} />}
    </>
  );
}

/** `laterSessions`: how many other devices signed in after this one ("Wasn't me?" ends them too). */
export function ActiveSessionRow({ session, current, now, laterSessions }: { session: SessionView; current: boolean; now: Date; laterSessions: number }) {
  const nowIso = now.toISOString();
  return (
    <tr data-testid="active-session" data-current={current || undefined} className={`${rowClass} ${current ? "bg-indigo-50/40 dark:bg-indigo-500/5" : ""}`}>
      <Cell label="User & Device" className="col-span-2"><DeviceCell session={session} current={current} now={now} /></Cell>
      <Cell label="Session"><SessionIdCell handle={session.handle} truncated={truncateSessionId(session.id)} /></Cell>
      <Cell label="Status"><StatusBadge status="ACTIVE" /></Cell>
      <Cell label="Location"><LocationText session={session} /></Cell>
      <Cell label="Last Active" className="md:whitespace-nowrap">
        <LocalTime iso={session.lastActiveAt.toISOString()} now={nowIso} mode="relative" />
      </Cell>
      <Cell label="Expires" className="md:whitespace-nowrap">
        <ExpiresTime status="ACTIVE" expiresAt={session.expiresAt.toISOString()} endedAt={null} />
      </Cell>
      <Cell label="Actions" className="self-end text-right [&>span]:sr-only">
        <RowActions session={session} current={current} laterSessions={laterSessions} />
      </Cell>
    </tr>
  );
}
