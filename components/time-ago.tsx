import { exactTime, relativeTime } from "@/lib/format/time";

// Relative times ("3 minutes ago", "in 6 days") with the exact time on hover, in the same words
// as My Sessions (lib/format/time.ts). Rendered on the server, so nothing needs hydrating.

export function formatExact(date: Date): string {
  return `${exactTime(date, "en-US", "UTC")} UTC`;
}

/** `inSentence` lower-cases the first letter, for "Last changed 3 days ago." */
export function TimeAgo({ date, now, inSentence, className }: { date: Date; now: Date; inSentence?: boolean; className?: string }) {
  const text = relativeTime(date, now);
  return (
    <time dateTime={date.toISOString()} title={formatExact(date)} className={className}>
      {inSentence ? text.charAt(0).toLowerCase() + text.slice(1) : text}
    </time>
  );
}
