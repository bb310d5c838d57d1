import { truncateSessionId } from "@/lib/sessions/ids";
import type { SessionView } from "@/lib/sessions/store";
import { describeDevice } from "@/lib/sessions/user-agent";
import { EndMemberSessionButton } from "./member-session-controls";
import { ExpiresTime } from "./sessions/expires-time";
import { LocalTime } from "./sessions/local-time";
import { Cell, EndNote, LocationText, rowClass, SessionTable, StatusBadge, UserDevice } from "./sessions/session-cells";

// A member's sessions as an Account Owner sees them on /settings/users/[userId], in the same
// table as My Sessions (a table from md up, a card per row on a phone). Only the truncated
// session ID reaches the HTML: rows are acted on by their opaque handle.

function SessionId({ id }: { id: string }) {
  return <code className="id-chip">{truncateSessionId(id)}</code>;
}

function Empty({ children }: { children: React.ReactNode }) {
  return <p className="muted px-5 py-8 text-center text-sm">{children}</p>;
}

export function MemberActiveSessions({ memberId, memberName, sessions, now }: { memberId: string; memberName: string; sessions: SessionView[]; now: Date }) {
  if (sessions.length === 0) return <Empty>No active sessions. Nobody is signed in as this member.</Empty>;
  const nowIso = now.toISOString();
  return (
    <SessionTable caption="The member's active sessions" columns={["User & Device", "Session", "Location", "Last Active", "Expires", "Actions"]}>
      {sessions.map((s) => (
        <tr key={s.handle} data-testid="member-session-row" className={rowClass}>
          <Cell label="User & Device" className="col-span-2"><UserDevice session={s} now={now} signedIn /></Cell>
          <Cell label="Session"><SessionId id={s.id} /></Cell>
          <Cell label="Location"><LocationText session={s} /></Cell>
          <Cell label="Last Active" className="md:whitespace-nowrap"><LocalTime iso={s.lastActiveAt.toISOString()} now={nowIso} mode="relative" /></Cell>
          <Cell label="Expires" className="md:whitespace-nowrap"><ExpiresTime status="ACTIVE" expiresAt={s.expiresAt.toISOString()} endedAt={null} /></Cell>
          <Cell label="Actions" className="col-span-2 md:text-right [&>span]:sr-only">
            <EndMemberSessionButton memberId={memberId} memberName={memberName} handle={s.handle} device={describeDevice(s)} truncatedId={truncateSessionId(s.id)} />
          </Cell>
        </tr>
      ))}
    </SessionTable>
  );
}

export function MemberSessionHistory({ sessions, now }: { sessions: SessionView[]; now: Date }) {
  if (sessions.length === 0) return <Empty>No ended sessions yet.</Empty>;
  return (
    <SessionTable caption="The member's recent session history" columns={["User & Device", "Session", "Status", "Location", "Created", "Expires"]}>
      {sessions.map((s) => (
        <tr key={s.handle} data-testid="member-history-row" data-status={s.status} className={rowClass}>
          <Cell label="User & Device" className="col-span-2"><UserDevice session={s} now={now} /></Cell>
          <Cell label="Session"><SessionId id={s.id} /></Cell>
          <Cell label="Status">
            <StatusBadge status={s.status} />
            <EndNote session={s} />
          </Cell>
          <Cell label="Location"><LocationText session={s} /></Cell>
          <Cell label="Created" className="md:whitespace-nowrap"><LocalTime iso={s.createdAt.toISOString()} /></Cell>
          <Cell label="Expires" className="md:whitespace-nowrap">
            <ExpiresTime status={s.status} expiresAt={s.expiresAt.toISOString()} endedAt={s.endedAt?.toISOString() ?? null} />
          </Cell>
        </tr>
      ))}
    </SessionTable>
  );
}
