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
    // The instances run with DATABASE_URL, which seeds nothing by itself; some tests sign in
    // as the demo users of the README.
    SEED_DEMO: "1",
    // Sign-in limits small enough to reach in a test: per account and IP, per account, per IP.
    // Tests that fail on purpose do so from loopback addresses of their own (support/raw-http.ts).
    SIGN_IN_MAX_FAILURES: "5",
    SIGN_IN_ACCOUNT_MAX_FAILURES: "8",
    SIGN_IN_IP_MAX_FAILURES: "12",
  },
};

/**
 * Where e2e/serve.mjs writes the URL of the database it created, so that tests can set up fresh
 * users and check the sessions table directly. Keyed by port, so parallel runs never share it.
 */
export const E2E_STATE_FILE = path.join(os.tmpdir(), `bb-e2e-state-${portA}.json`);
