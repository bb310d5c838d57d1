import os from "node:os";
import path from "node:path";

const portA = Number(process.env.E2E_PORT_A ?? 3210);

// The two app instances the end-to-end tests run against, and their shared settings.
export const E2E = {
  portA,
  portB: Number(process.env.E2E_PORT_B ?? 3211),
  env: {
    AUTH_SECRET: "e2e-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    NEXT_TELEMETRY_DISABLED: "1",
    // Tight sign-in limits would trip over the many sign-ins of the suite; the limit has its own test.
    SIGN_IN_MAX_FAILURES: "5",
  },
};

/**
 * Where e2e/serve.mjs writes the URL of the database it created, so that tests can set up fresh
 * users and check the sessions table directly. Keyed by port, so parallel runs never share it.
 */
export const E2E_STATE_FILE = path.join(os.tmpdir(), `bb-e2e-state-${portA}.json`);
