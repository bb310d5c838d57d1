"use client";

import { useId, useState } from "react";
import type { FlagBadge } from "@/lib/sessions/flag-words";

// A session's signals (New device, New location, Location changed) as badges under its device.
// Each badge is a button whose explanation shows on hover, on keyboard focus and on a tap
// (phones have no hover), is its accessible description, and goes away with Escape.

const LOOK: Record<FlagBadge["flag"], string> = {
  new_device: "bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-500/10 dark:text-amber-200 dark:ring-amber-500/40",
  new_location: "bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-500/10 dark:text-amber-200 dark:ring-amber-500/40",
  location_changed: "bg-orange-50 text-orange-900 ring-orange-300 dark:bg-orange-500/10 dark:text-orange-200 dark:ring-orange-500/40",
};

export function SessionFlags({ badges }: { badges: FlagBadge[] }) {
  if (badges.length === 0) return null;
  return (
    <ul aria-label="Signals" data-testid="session-flags" className="mt-1.5 flex flex-wrap gap-1.5 pl-12">
      {badges.map((badge) => (
        <li key={badge.flag}>
          <Flag badge={badge} />
        </li>
      ))}
    </ul>
  );
}

function Flag({ badge }: { badge: FlagBadge }) {
  const tipId = useId();
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const [pinned, setPinned] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const shown = (hovered || focused || pinned) && !dismissed;
  const reset = () => {
    setPinned(false);
    setDismissed(false);
  };

  return (
    <span
      className="relative inline-flex"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => {
        setHovered(false);
        if (!focused) reset();
      }}
    >
      <button
        type="button"
        data-flag={badge.flag}
        aria-describedby={tipId}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          reset();
        }}
        onClick={() => {
          setDismissed(false);
          setPinned((p) => !p);
        }}
        onKeyDown={(event) => {
          if (event.key === "Escape" && shown) {
            event.stopPropagation();
            setDismissed(true);
          }
        }}
        className={`inline-flex cursor-help items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${LOOK[badge.flag]}`}
      >
        <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true" className="size-3">
          <circle cx="8" cy="8" r="6.5" />
          <path d="M8 4.5v4M8 11h.01" strokeLinecap="round" />
        </svg>
        {badge.label}
      </button>
      <span
        id={tipId}
        role="tooltip"
        className={`absolute left-0 top-full z-20 mt-1.5 w-64 max-w-[calc(100vw-4rem)] whitespace-normal rounded-md bg-slate-900 px-3 py-2 text-xs font-normal leading-snug text-white shadow-lg dark:bg-slate-700 ${shown ? "block" : "hidden"}`}
      >
        {badge.explanation}
      </span>
    </span>
  );
}
