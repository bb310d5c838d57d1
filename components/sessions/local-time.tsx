"use client";

import { useEffect, useState } from "react";
import { clockTime, exactTime, relativeTime } from "@/lib/format/time";

type Mode = "relative" | "exact" | "clock";

function render(mode: Mode, date: Date, now: Date, local: boolean) {
  const locale = local ? undefined : "en-US";
  const timeZone = local ? undefined : "UTC";
  const suffix = local ? "" : " UTC";
  if (mode === "relative") return relativeTime(date, now, local ? navigator.language : "en");
  if (mode === "clock") return clockTime(date, locale, timeZone) + suffix;
  return exactTime(date, locale, timeZone) + suffix;
}

/**
 * A time in the viewer's locale (`inSentence` lower-cases the first letter: "Last changed 3 days ago") and time zone. The server paints it in UTC (relative times are
 * the same everywhere); after hydration the browser repaints it in local time and keeps relative
 * times fresh. The exact local time is on hover (title) for relative ones. `now` (the server's
 * time of rendering) is what a relative time is counted from; exact times do without it.
 */
export function LocalTime({ iso, now, mode = "exact", inSentence, className }: { iso: string; now?: string; mode?: Mode; inSentence?: boolean; className?: string }) {
  const date = new Date(iso);
  const [state, setState] = useState<{ local: boolean; now: Date }>({ local: false, now: new Date(now ?? iso) });

  useEffect(() => {
    setState({ local: true, now: new Date() });
    if (mode !== "relative") return;
    const timer = setInterval(() => setState({ local: true, now: new Date() }), 30_000);
    return () => clearInterval(timer);
  }, [mode]);

  const title = mode === "relative" ? render("exact", date, state.now, state.local) : undefined;
  const text = render(mode, date, state.now, state.local);
  return (
    <time dateTime={iso} title={title} className={className}>
      {inSentence ? text.charAt(0).toLowerCase() + text.slice(1) : text}
    </time>
  );
}
