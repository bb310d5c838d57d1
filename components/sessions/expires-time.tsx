import { expiryOf, type SessionTimes } from "@/lib/format/time";
import { ExpiryText } from "./row-parts";

/** The Expires column of every sessions table and the support console (see expiryOf). */
export function ExpiresTime({ status, expiresAt, endedAt }: { status: SessionTimes["status"]; expiresAt: string; endedAt: string | null }) {
  const { label, at } = expiryOf({ status, expiresAt: new Date(expiresAt), endedAt: endedAt ? new Date(endedAt) : null });
  return <ExpiryText label={label} at={at.toISOString()} />;
}
