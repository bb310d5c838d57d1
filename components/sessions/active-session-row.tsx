"use client";

import { LocalTime } from "./local-time";
import { rowClass } from "./row-class";
import { Cell, DeviceSummary, ExpiryText, type DeviceFacts } from "./row-parts";
import { StatusBadge } from "./session-badges";
import { LogoutButton, SessionIdCell } from "./session-controls";
import { SessionFlags } from "./session-flags";
import type { FlagBadge } from "@/lib/sessions/flag-words";
import { WasntMeButton } from "./wasnt-me-button";

// One row of My Active Sessions, as one client component: React's payload carries one element
// with the row's facts (worded on the server: activeRow in session-cells.tsx), not one per cell.
// What a row says about its device, and what can be done with it, each have one place here
// (the User & Device cell, RowActions): badges and actions are added there.

export type ActiveRowFacts = {
  handle: string;
  truncated: string;
  /** The session of this browser. */
  current: boolean;
  device: DeviceFacts;
  badges: FlagBadge[];
  place: string;
  lastActiveAt: string;
  expiresAt: string;
  /** How Logout names the device ("Chrome 142 on Windows 10"), and how "Wasn't me?" does ("Chrome on Windows"). */
  logoutName: string;
  family: string;
  /** How many other devices signed in after this one ("Wasn't me?" ends them too). */
  laterSessions: number;
};

/** "This device", after the device's name on the row of the session in use. */
function ThisDeviceBadge() {
  return (
    <span className="rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-500/15 dark:text-indigo-300 dark:ring-indigo-500/30">
      This device
    </span>
  );
}

function RowActions({ row }: { row: ActiveRowFacts }) {
  return (
    <>
      <LogoutButton handle={row.handle} current={row.current} device={row.logoutName} />
      {!row.current && <WasntMeButton handle={row.handle} device={row.family} place={row.place} laterSessions={row.laterSessions} />}
    </>
  );
}

export function ActiveSessionRow({ row, now }: { row: ActiveRowFacts; now: string }) {
  return (
    <tr data-testid="active-session" data-current={row.current || undefined} className={`${rowClass} ${row.current ? "bg-indigo-50/40 dark:bg-indigo-500/5" : ""}`}>
      <Cell label="User & Device" className="col-span-2">
        <DeviceSummary facts={row.device} now={now} signedIn badges={row.current && <ThisDeviceBadge />} />
        {row.badges.length > 0 && <SessionFlags badges={row.badges} />}
      </Cell>
      <Cell label="Session"><SessionIdCell handle={row.handle} truncated={row.truncated} /></Cell>
      <Cell label="Status"><StatusBadge status="ACTIVE" /></Cell>
      <Cell label="Location"><span>{row.place}</span></Cell>
      <Cell label="Last Active" className="md:whitespace-nowrap">
        <LocalTime iso={row.lastActiveAt} now={now} mode="relative" />
      </Cell>
      <Cell label="Expires" className="md:whitespace-nowrap">
        <ExpiryText label={null} at={row.expiresAt} />
      </Cell>
      <Cell label="Actions" className="self-end text-right [&>span]:sr-only">
        <RowActions row={row} />
      </Cell>
    </tr>
  );
}
