import { flagBadges, type Flagged } from "@/lib/sessions/flag-words";
import { SessionFlags } from "./session-flags";

/**
 * A row's signals, decided on the server: most rows have none, and then nothing of the client
 * component is written into the page (a long list would otherwise carry an empty one per row).
 */
export function RowFlags({ session }: { session: Flagged }) {
  const badges = flagBadges(session);
  return badges.length > 0 ? <SessionFlags badges={badges} /> : null;
}
