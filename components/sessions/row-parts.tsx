"use client";

import { LocalTime } from "./local-time";
import { DeviceIcon, deviceTypeLabel } from "./session-badges";

// The repeated parts of every sessions table row, as client components: React's payload then
// carries each row's few facts rather than its whole markup (each row is written into the page
// twice, as HTML and as that payload). The server decides every word (session-cells.tsx).

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
