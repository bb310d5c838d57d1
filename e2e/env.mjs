// The two app instances the end-to-end tests run against, and their shared settings.
export const E2E = {
  portA: Number(process.env.E2E_PORT_A ?? 3210),
  portB: Number(process.env.E2E_PORT_B ?? 3211),
  env: {
    AUTH_SECRET: "e2e-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    NEXT_TELEMETRY_DISABLED: "1",
    // Tight sign-in limits would trip over the many sign-ins of the suite; the limit has its own test.
    SIGN_IN_MAX_FAILURES: "5",
  },
};
