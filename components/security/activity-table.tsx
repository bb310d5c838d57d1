import type { ActivityItem } from "@/lib/security/activity";
import { SessionTable } from "@/components/sessions/session-cells";
import { ActivityRow } from "./activity-row";

// Security events as a table (from md up) or stacked cards (phone), the way the sessions cards
// show sessions: what happened in plain words, from where, and when (relative; exact on hover).

export function ActivityTable({ items, now, caption, showMember = false }: { items: ActivityItem[]; now: Date; caption: string; showMember?: boolean }) {
  const nowIso = now.toISOString();
  const columns = showMember ? ["Activity", "Member", "IP address", "When"] : ["Activity", "IP address", "When"];
  return (
    <SessionTable caption={caption} columns={columns}>
      {items.map((e) => (
        <ActivityRow
          key={e.id}
          row={{ type: e.type, text: e.text, ip: e.ip, at: e.at.toISOString(), member: showMember ? { name: e.subject.name, email: e.subject.email } : null }}
          now={nowIso}
        />
      ))}
    </SessionTable>
  );
}
