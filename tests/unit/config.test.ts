import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// lib/config.ts validates the environment once and caches it, so every case loads a fresh copy
// of the module with its own environment.

const VALID = {
  DATABASE_URL: "postgresql://app:hunter2@db.internal:5432/broker",
  AUTH_SECRET: "a-secret-of-at-least-32-characters-long",
};
const ALL = [
  "DATABASE_URL", "AUTH_SECRET", "NEXTAUTH_SECRET", "AUTH_URL", "NEXTAUTH_URL", "TRUST_PROXY_HOPS",
  "SESSION_IDLE_TIMEOUT_SECONDS", "SESSION_MAX_LIFETIME_SECONDS", "SESSION_TOUCH_INTERVAL_SECONDS",
  "SIGN_IN_MAX_FAILURES", "SIGN_IN_WINDOW_SECONDS", "SEED_DEMO", "SUPPORT_LOOKUPS_PER_MINUTE", "SMTP_URL", "SMTP_FROM",
];

async function loadConfig(env: Record<string, string | undefined>) {
  for (const name of ALL) vi.stubEnv(name, undefined);
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  const { getConfig } = await import("@/lib/config");
  return getConfig;
}

async function configError(env: Record<string, string | undefined>): Promise<string> {
  const getConfig = await loadConfig(env);
  try {
    getConfig();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the configuration was accepted");
}

beforeEach(() => vi.unstubAllEnvs());
afterEach(() => vi.unstubAllEnvs());

describe("configuration", () => {
  it("sends no e-mail without SMTP_URL, and needs AUTH_URL (the link's base) with it", async () => {
    expect((await loadConfig(VALID))().mail).toBeNull();
    expect((await loadConfig({ ...VALID, SMTP_URL: "" }))().mail).toBeNull();
    const mail = (await loadConfig({ ...VALID, SMTP_URL: "smtps://user:pw@mail.example.com", AUTH_URL: "https://sessions.example.com" }))().mail;
    expect(mail).toEqual({ smtpUrl: "smtps://user:pw@mail.example.com", from: "Broker Buddha AI <no-reply@brokerbuddha.ai>", appUrl: "https://sessions.example.com" });
    expect(await configError({ ...VALID, SMTP_URL: "smtp://mail.example.com" })).toContain("SMTP_URL needs AUTH_URL");
    expect(await configError({ ...VALID, SMTP_URL: "http://mail.example.com", AUTH_URL: "https://sessions.example.com" })).toContain("SMTP_URL: must be an smtp:// or smtps:// URL");
  });

  it("accepts a minimal environment and fills in the documented defaults", async () => {
    const config = (await loadConfig(VALID))();
    expect(config).toMatchObject({
      databaseUrl: VALID.DATABASE_URL,
      authSecret: VALID.AUTH_SECRET,
      secureCookies: false,
      trustProxyHops: 0,
      session: { idleTimeoutMs: 7 * 24 * 3600 * 1000, maxLifetimeMs: 30 * 24 * 3600 * 1000, touchIntervalMs: 60_000 },
      signIn: {
        accountIp: { maxFailures: 5, windowMs: 15 * 60 * 1000 },
        account: { maxFailures: 50, windowMs: 60 * 60 * 1000 },
        ip: { maxFailures: 100, windowMs: 60 * 60 * 1000 },
      },
      database: { poolSize: 10, timeoutMs: 1500 },
      retention: { endedSessionsMs: 180 * 24 * 3600 * 1000, intervalMs: 3600 * 1000 },
      seedDemo: false,
      support: { lookupsPerMinute: 30 },
    });
  });

  it("reads numbers and the HTTPS URL from the environment", async () => {
    const config = (
      await loadConfig({
        ...VALID,
        AUTH_URL: "https://app.example.com",
        TRUST_PROXY_HOPS: "2",
        SESSION_IDLE_TIMEOUT_SECONDS: "600",
        SESSION_MAX_LIFETIME_SECONDS: "3600",
        SESSION_TOUCH_INTERVAL_SECONDS: "30",
        SIGN_IN_MAX_FAILURES: "3",
        SIGN_IN_WINDOW_SECONDS: "120",
        SIGN_IN_ACCOUNT_MAX_FAILURES: "30",
        SIGN_IN_ACCOUNT_WINDOW_SECONDS: "1800",
        SIGN_IN_IP_MAX_FAILURES: "200",
        SIGN_IN_IP_WINDOW_SECONDS: "7200",
        DATABASE_POOL_SIZE: "4",
        DATABASE_TIMEOUT_MS: "2500",
        SESSION_RETENTION_DAYS: "30",
        MAINTENANCE_INTERVAL_SECONDS: "600",
        SUPPORT_LOOKUPS_PER_MINUTE: "12",
      })
    )();
    expect(config).toMatchObject({
      secureCookies: true,
      trustProxyHops: 2,
      session: { idleTimeoutMs: 600_000, maxLifetimeMs: 3_600_000, touchIntervalMs: 30_000 },
      signIn: {
        accountIp: { maxFailures: 3, windowMs: 120_000 },
        account: { maxFailures: 30, windowMs: 1_800_000 },
        ip: { maxFailures: 200, windowMs: 7_200_000 },
      },
      database: { poolSize: 4, timeoutMs: 2500 },
      retention: { endedSessionsMs: 30 * 24 * 3600 * 1000, intervalMs: 600_000 },
      support: { lookupsPerMinute: 12 },
    });
  });

  it("accepts next-auth's own variable names", async () => {
    const config = (await loadConfig({ DATABASE_URL: VALID.DATABASE_URL, NEXTAUTH_SECRET: VALID.AUTH_SECRET, NEXTAUTH_URL: "https://x.example" }))();
    expect(config.authSecret).toBe(VALID.AUTH_SECRET);
    expect(config.secureCookies).toBe(true);
  });

  it("rejects a DATABASE_URL that is not PostgreSQL, without echoing its password", async () => {
    const message = await configError({ ...VALID, DATABASE_URL: "mysql://app:hunter2@db.internal/broker" });
    expect(message).toMatch(/Invalid configuration/);
    expect(message).toMatch(/DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(message).not.toContain("hunter2");
  });

  it("rejects a missing DATABASE_URL", async () => {
    expect(await configError({ AUTH_SECRET: VALID.AUTH_SECRET })).toMatch(/DATABASE_URL/);
  });

  it("rejects a short or missing AUTH_SECRET, without echoing it", async () => {
    const message = await configError({ ...VALID, AUTH_SECRET: "too-short-secret" });
    expect(message).toMatch(/AUTH_SECRET: must be at least 32 characters/);
    expect(message).not.toContain("too-short-secret");
    expect(await configError({ DATABASE_URL: VALID.DATABASE_URL })).toMatch(/AUTH_SECRET/);
  });

  it("rejects a maximum lifetime shorter than the idle timeout, saying which is which", async () => {
    const message = await configError({ ...VALID, SESSION_IDLE_TIMEOUT_SECONDS: "7200", SESSION_MAX_LIFETIME_SECONDS: "3600" });
    expect(message).toMatch(/SESSION_MAX_LIFETIME_SECONDS must be at least SESSION_IDLE_TIMEOUT_SECONDS/);
  });

  it("rejects nonsense numbers", async () => {
    expect(await configError({ ...VALID, TRUST_PROXY_HOPS: "-1" })).toMatch(/TRUST_PROXY_HOPS/);
    expect(await configError({ ...VALID, TRUST_PROXY_HOPS: "many" })).toMatch(/TRUST_PROXY_HOPS/);
    expect(await configError({ ...VALID, SESSION_TOUCH_INTERVAL_SECONDS: "0" })).toMatch(/SESSION_TOUCH_INTERVAL_SECONDS/);
    expect(await configError({ ...VALID, SIGN_IN_MAX_FAILURES: "1.5" })).toMatch(/SIGN_IN_MAX_FAILURES/);
    expect(await configError({ ...VALID, SUPPORT_LOOKUPS_PER_MINUTE: "0" })).toMatch(/SUPPORT_LOOKUPS_PER_MINUTE/);
  });

  it("seeds demo data with DATABASE_URL only when SEED_DEMO says so", async () => {
    expect((await loadConfig({ ...VALID, SEED_DEMO: "1" }))().seedDemo).toBe(true);
    expect((await loadConfig({ ...VALID, SEED_DEMO: "true" }))().seedDemo).toBe(true);
    expect((await loadConfig({ ...VALID, SEED_DEMO: "0" }))().seedDemo).toBe(false);
    expect((await loadConfig({ ...VALID, SEED_DEMO: "" }))().seedDemo).toBe(false);
    expect(await configError({ ...VALID, SEED_DEMO: "yes please" })).toMatch(/SEED_DEMO: must be "1" or "0"/);
  });

  it("rejects an AUTH_URL that is not a URL", async () => {
    expect(await configError({ ...VALID, AUTH_URL: "app.example.com" })).toMatch(/AUTH_URL/);
  });

  it("is read once: a later change of the environment does not change it", async () => {
    const getConfig = await loadConfig(VALID);
    const first = getConfig();
    vi.stubEnv("SESSION_IDLE_TIMEOUT_SECONDS", "60");
    expect(getConfig()).toBe(first);
    expect(getConfig().session.idleTimeoutMs).toBe(7 * 24 * 3600 * 1000);
  });
});
