"use client";

import type { SecurityEventType } from "@/lib/db/generated/enums";
import { LocalTime } from "@/components/sessions/local-time";
import { rowClass } from "@/components/sessions/row-class";
import { Cell } from "@/components/sessions/row-parts";
import { EventIcon } from "./event-icon";

// One security event as a table row (from md up) or a card (phone), the way the sessions cards
// show sessions: one client component per row, so React's payload carries the event's few facts
// (worded on the server) rather than the row's markup.

export type ActivityRowFacts = {
  type: SecurityEventType;
  /** The event in plain words, for this reader. */
  text: string;
  ip: string | null;
  /** ISO time it happened. */
  at: string;
  /** Whose account it concerns, on an Account Owner's Activity tab. */
  member: { name: string; email: string } | null;
};

export function ActivityRow({ row, now }: { row: ActivityRowFacts; now: string }) {
  return (
    <tr data-testid="activity-event" data-type={row.type} className={rowClass}>
      <Cell label="Activity" className="col-span-2 md:w-full">
        <div className="flex min-w-0 items-start gap-3">
          <EventIcon type={row.type} />
          <p data-testid="activity-text" className="min-w-0 break-words pt-1 text-slate-900 dark:text-slate-100">{row.text}</p>
        </div>
      </Cell>
      {row.member && (
        <Cell label="Member" className="col-span-2 md:col-span-1">
          <p className="font-medium text-slate-900 md:pt-1 md:whitespace-nowrap dark:text-white">{row.member.name}</p>
          <p className="break-all text-xs text-slate-500 dark:text-slate-400">{row.member.email}</p>
        </Cell>
      )}
      <Cell label="IP address">
        <div className="md:pt-1">
          {row.ip ? <span className="font-mono text-xs">{row.ip}</span> : <span className="text-slate-500 dark:text-slate-400">—</span>}
        </div>
      </Cell>
      <Cell label="When" className="md:whitespace-nowrap">
        <div className="md:pt-1">
          <LocalTime iso={row.at} now={now} mode="relative" />
        </div>
      </Cell>
    </tr>
  );
}
