"use client";

import type { FlagBadge } from "@/lib/sessions/flag-words";
import { LocalTime } from "./local-time";
import { rowClass } from "./row-class";
import { DeviceIcon, deviceTypeLabel, StatusBadge } from "./session-badges";
import { SessionIdCell } from "./session-controls";
import { SessionFlags } from "./session-flags";

// The repeated parts of every sessions table row, as client components: React's payload then
// carries each row's few facts rather than its whole markup (each row is written into the page
// twice, as HTML and as that payload). The server decides every word (session-cells.tsx). A
// whole row is one client component (HistoryRow here, ActiveSessionRow, ActivityRow): its payload
// is one element with its facts, not one per cell.

/** A cell that, at phone width, shows its column name above its value (each row becomes a card). */
export function Cell({ label, children, className = "" }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <td className={`st-cell ${className}`}>
      <span className="st-label" aria-hidden="true">{label}</span>
      {children}
    </td>
  );
}

/** What a row says about its device, already worded on the server. */
export type DeviceFacts = {
  device: string;
  deviceType: string;
  ip: string;
  place: string;
  userAgent: string;
  /** ISO time of the sign-in. */
  signedInAt: string;
  /** The latest address the session was used from, when not the sign-in's. */
  latest: { ip: string; place: string } | null;
};

/**
 * A row's User & Device: the device, what kind and from which IP, when it signed in (`signedIn`,
 * for tables without a Created column), and its details behind a disclosure. `badges` go after
 * the device's name ("This device", signals).
 */
export function DeviceSummary({ facts, now, signedIn, badges }: { facts: DeviceFacts; now: string; signedIn?: boolean; badges?: React.ReactNode }) {
  return (
    <div className="flex min-w-0 items-start gap-3">
      <span className="device-box">
        <DeviceIcon type={facts.deviceType} />
      </span>
      <div className="min-w-0">
        <p className="device-name">
          <span>{facts.device}</span>
          {badges}
        </p>
        <p className="muted">
          {deviceTypeLabel(facts.deviceType)} · <span className="font-mono text-xs">{facts.ip}</span>
        </p>
        {signedIn && (
          <p className="muted text-xs">
            Signed in <LocalTime iso={facts.signedInAt} now={now} mode="relative" inSentence />
          </p>
        )}
        <details className="details mt-1">
          <summary>Details</summary>
          <dl className="mt-1.5 max-w-80 space-y-1.5 text-xs">
            <div>
              <dt className="muted font-medium">User agent</dt>
              <dd className="break-all font-mono">{facts.userAgent || "None sent"}</dd>
            </div>
            <div>
              <dt className="muted font-medium">Signed in</dt>
              <dd>
                <LocalTime iso={facts.signedInAt} /> from <span className="font-mono">{facts.ip}</span> ({facts.place})
              </dd>
            </div>
            {facts.latest && (
              <div>
                <dt className="muted font-medium">Latest IP</dt>
                <dd>
                  <span className="font-mono">{facts.latest.ip}</span> ({facts.latest.place})
                </dd>
              </div>
            )}
          </dl>
        </details>
      </div>
    </div>
  );
}

/** How an ended session ended, worded on the server (see endFacts in session-cells.tsx). */
export type EndFacts = {
  words: string;
  /** Broker Buddha support's note, in their words. */
  note: string | null;
  /** Ended from elsewhere: whether its device knows yet (ISO time it was refused, or null). */
  remote: { signedOutAt: string | null } | null;
};

/** Under an ended session's status: how it ended, support's note, and whether its device knows yet. */
export function EndNoteText({ end }: { end: EndFacts }) {
  return (
    <>
      <p className="mt-1 max-w-56 text-xs text-slate-500 dark:text-slate-400">{end.words}</p>
      {end.note && (
        <p data-testid="end-note" className="mt-1 max-w-64 break-words border-l-2 border-indigo-200 pl-2 text-xs text-slate-700 dark:border-indigo-500/40 dark:text-slate-300">
          <span className="sr-only">Their note: </span>“{end.note}”
        </p>
      )}
      {end.remote && (
        <p className="mt-0.5 max-w-56 text-xs text-slate-500 dark:text-slate-400">
          {end.remote.signedOutAt ? (
            <>Device signed out at <LocalTime iso={end.remote.signedOutAt} /></>
          ) : (
            "Device will be signed out on its next request"
          )}
        </p>
      )}
    </>
  );
}

/** The Expires column: an active session's expiry, or when an ended one ended, labelled (see expiryOf). */
export function ExpiryText({ label, at }: { label: string | null; at: string }) {
  const time = <LocalTime iso={at} />;
  return label ? <span>{label} {time}</span> : time;
}

/** One row of My Session History, every word decided on the server (historyRow in session-cells.tsx). */
export type HistoryRowFacts = {
  handle: string;
  truncated: string;
  status: "ACTIVE" | "EXPIRED" | "TERMINATED";
  device: DeviceFacts;
  badges: FlagBadge[];
  end: EndFacts;
  place: string;
  createdAt: string;
  expiry: { label: string | null; at: string };
};

export function HistoryRow({ row, now }: { row: HistoryRowFacts; now: string }) {
  return (
    <tr data-testid="history-session" data-status={row.status} className={rowClass}>
      <Cell label="User & Device" className="col-span-2">
        <DeviceSummary facts={row.device} now={now} />
        {row.badges.length > 0 && <SessionFlags badges={row.badges} />}
      </Cell>
      <Cell label="Session"><SessionIdCell handle={row.handle} truncated={row.truncated} /></Cell>
      <Cell label="Status">
        <StatusBadge status={row.status} />
        <EndNoteText end={row.end} />
      </Cell>
      <Cell label="Location"><span>{row.place}</span></Cell>
      <Cell label="Created" className="md:whitespace-nowrap">
        <LocalTime iso={row.createdAt} />
      </Cell>
      <Cell label="Expires" className="md:whitespace-nowrap">
        <ExpiryText label={row.expiry.label} at={row.expiry.at} />
      </Cell>
    </tr>
  );
}
