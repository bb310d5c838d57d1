#!/usr/bin/env node
// The production server's own process, started by the launcher (scripts/start.mjs) with the
// memory settings that can only be given when a Node process starts (scripts/launcher/memory.mjs).
// The launcher keeps the lock and the embedded PostgreSQL; this process serves HTTP
// (scripts/server.mjs). It says over the IPC channel when it listens, or why it could not; it
// stops on SIGINT/SIGTERM, and at once if its launcher is gone (the channel closes even on kill -9).
import { startServer } from "./server.mjs";

const options = JSON.parse(process.env.BB_SERVE ?? "{}");
const tell = (message) => process.connected && process.send(message);

let server = null;
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    await server?.close();
  } catch {}
  process.exit(code);
}

process.once("disconnect", () => process.exit(1));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(0));

try {
  server = await startServer({ dir: options.dir, port: options.port, hostname: options.hostname, trustProxyHops: options.trustProxyHops });
  tell({ listening: true });
} catch (error) {
  tell({ error: { code: error?.code, message: error instanceof Error ? error.message : String(error) } });
  process.exit(1);
}
