// Next.js calls register() once when a server instance starts (not during `next build`).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startMaintenance } = await import("@/lib/maintenance/schedule");
  startMaintenance();
}
