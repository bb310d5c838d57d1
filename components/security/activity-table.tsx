import type { ActivityItem } from "@/lib/security/activity";
import { LocalTime } from "@/components/sessions/local-time";
import { Cell, rowClass, SessionTable } from "@/components/sessions/session-cells";
import { EventIcon } from "./event-icon";

// Security events as a table (from md up) or stacked cards (phone), the way the sessions cards
// show sessions: what happened in plain words, from where, and when (relative; exact on hover).

export function ActivityTable({ items, now, caption, showMember = false }: { items: ActivityItem[]; now: Date; caption: string; showMember?: boolean }) {
  const nowIso = now.toISOString();
  const columns = showMember ? ["Activity", "Member", "IP address", "When"] : ["Activity", "IP address", "When"];
  return (
    <SessionTable caption={caption} columns={columns}>
      {items.map((e) => (
        <tr key={e.id} data-testid="activity-event" data-type={e.type} className={rowClass}>
          <Cell label="Activity" className="col-span-2 md:w-full">
            <div className="flex min-w-0 items-start gap-3">
              <EventIcon type={e.type} />
              <p data-testid="activity-text" className="min-w-0 break-words pt-1 text-slate-900 dark:text-slate-100">{e.text}</p>
            </div>
          </Cell>
          {showMember && (
            <Cell label="Member" className="col-span-2 md:col-span-1">
              <p className="font-medium text-slate-900 md:pt-1 md:whitespace-nowrap dark:text-white">{e.subject.name}</p>
              <p className="break-all text-xs text-slate-500 dark:text-slate-400">{e.subject.email}</p>
            </Cell>
          )}
          <Cell label="IP address">
            <div className="md:pt-1">
              {e.ip ? <span className="font-mono text-xs">{e.ip}</span> : <span className="text-slate-500 dark:text-slate-400">—</span>}
            </div>
          </Cell>
          <Cell label="When" className="md:whitespace-nowrap">
            <div className="md:pt-1">
              <LocalTime iso={e.at.toISOString()} now={nowIso} mode="relative" />
            </div>
          </Cell>
        </tr>
      ))}
    </SessionTable>
  );
}
