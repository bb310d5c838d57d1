import "server-only";
import { getConfig } from "@/lib/config";
import { getPool } from "@/lib/db/pool";
import { runMaintenance } from "./run";

// Runs the maintenance job (run.ts) in this app instance: a few seconds after start, then every
// MAINTENANCE_INTERVAL_SECONDS. Started once per process by instrumentation.ts. A run that fails
// (the database is down, say) is logged once by name, not on every interval, and the next one
// simply tries again; the timers never keep the process alive.

const STARTED = Symbol.for("broker-buddha.maintenance");

export function startMaintenance(): void {
  const scope = globalThis as { [STARTED]?: boolean };
  if (scope[STARTED]) return; // Next may load the instrumentation hook in more than one bundle
  scope[STARTED] = true;

  const { retention } = getConfig();
  let failing = false;
  let running = false;
  const run = async () => {
    if (running) return; // a run longer than the interval is not run twice at once
    running = true;
    try {
      const result = await runMaintenance(getPool(), { retentionMs: retention.endedSessionsMs });
      if (failing) console.log("[maintenance] the database is back");
      failing = false;
      if (result.ran && result.expiredSessions + result.deletedSessions + result.deletedSecurityEvents + result.deletedRateLimits > 0) {
        console.log(
          `[maintenance] expired ${result.expiredSessions} sessions, deleted ${result.deletedSessions} ended sessions, ${result.deletedSecurityEvents} security events and ${result.deletedRateLimits} sign-in limit rows`,
        );
      }
    } catch (error) {
      if (!failing) {
        const code = (error as { code?: unknown }).code;
        console.error(`[maintenance] run failed (${(error as Error).name}${typeof code === "string" ? ` ${code}` : ""}); retrying every interval`);
      }
      failing = true;
    } finally {
      running = false;
    }
  };
  setTimeout(run, Math.min(retention.intervalMs, 5_000)).unref();
  setInterval(run, retention.intervalMs).unref();
}
