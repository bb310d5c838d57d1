import { z } from "zod";

// Configuration, read once from the environment and validated. Everything else imports `config`.
// The launcher (scripts/start.mjs) fills DATABASE_URL and AUTH_SECRET for the zero-config start.

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const count = (fallback: number) => z.coerce.number().int().positive().max(1_000_000).default(fallback);

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
    /** The app's public URL; https:// makes the cookies Secure. */
    AUTH_URL: z.string().url().optional(),
    /** How many reverse proxies in front of the app may append to X-Forwarded-For. */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Idle timeout: a session not used for this long expires. Default 7 days. */
    SESSION_IDLE_TIMEOUT_SECONDS: seconds(7 * 24 * 3600),
    /** Absolute lifetime: a session ends this long after sign-in however busy. Default 30 days. */
    SESSION_MAX_LIFETIME_SECONDS: seconds(30 * 24 * 3600),
    /** Last active is written at most this often per session. */
    SESSION_TOUCH_INTERVAL_SECONDS: seconds(60),
    /** Sign-in limits: failures per account from one IP, per account from all IPs, per IP. */
    SIGN_IN_MAX_FAILURES: count(5),
    SIGN_IN_WINDOW_SECONDS: seconds(15 * 60),
    SIGN_IN_ACCOUNT_MAX_FAILURES: count(50),
    SIGN_IN_ACCOUNT_WINDOW_SECONDS: seconds(60 * 60),
    SIGN_IN_IP_MAX_FAILURES: count(100),
    SIGN_IN_IP_WINDOW_SECONDS: seconds(60 * 60),
    /** Connections each app instance keeps to PostgreSQL. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** How long a request waits for the database (connecting, or a query) before it fails with 503. */
    DATABASE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(1500),
    /** Ended sessions (and their history) are deleted this many days after they ended. */
    SESSION_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(180),
    /** How often one app instance runs the maintenance job (expire, prune). */
    MAINTENANCE_INTERVAL_SECONDS: seconds(60 * 60),
    /** Support console: session lookups (and endings) each staff member may make per minute. */
    SUPPORT_LOOKUPS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
    /** Where new sign-in alerts are sent from: smtp:// or smtps://, with credentials if the server needs them. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^/]/, "must be an smtp:// or smtps:// URL")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** The From of those e-mails. */
    SMTP_FROM: z.string().min(3).max(200).default("Broker Buddha AI <no-reply@brokerbuddha.ai>"),
    /** Seed the demo accounts into an empty database even with DATABASE_URL (demo mode always does). */
    SEED_DEMO: z
      .enum(["", "0", "1", "false", "true"], { message: 'must be "1" or "0"' })
      .default("")
      .transform((value) => value === "1" || value === "true"),
  })
  .refine((env) => env.SESSION_MAX_LIFETIME_SECONDS >= env.SESSION_IDLE_TIMEOUT_SECONDS, {
    message: "SESSION_MAX_LIFETIME_SECONDS must be at least SESSION_IDLE_TIMEOUT_SECONDS",
  })
  // The e-mail's link to My Sessions is built from the configured URL, never from a request's
  // Host header (whoever signs in could point it at a site of theirs).
  .refine((env) => !env.SMTP_URL || env.AUTH_URL, { message: "SMTP_URL needs AUTH_URL: the e-mail links to My Sessions there", path: ["SMTP_URL"] });

function load() {
  const parsed = schema.safeParse({
    ...process.env,
    AUTH_SECRET: process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET,
    AUTH_URL: process.env.AUTH_URL ?? process.env.NEXTAUTH_URL,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".") || "config"}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
  }
  const env = parsed.data;
  return {
    databaseUrl: env.DATABASE_URL,
    authSecret: env.AUTH_SECRET,
    /** The public URL when configured (its origin is the one writes must come from). */
    publicUrl: env.AUTH_URL,
    secureCookies: env.AUTH_URL?.startsWith("https://") ?? false,
    trustProxyHops: env.TRUST_PROXY_HOPS,
    session: {
      idleTimeoutMs: env.SESSION_IDLE_TIMEOUT_SECONDS * 1000,
      maxLifetimeMs: env.SESSION_MAX_LIFETIME_SECONDS * 1000,
      touchIntervalMs: env.SESSION_TOUCH_INTERVAL_SECONDS * 1000,
    },
    signIn: {
      accountIp: { maxFailures: env.SIGN_IN_MAX_FAILURES, windowMs: env.SIGN_IN_WINDOW_SECONDS * 1000 },
      account: { maxFailures: env.SIGN_IN_ACCOUNT_MAX_FAILURES, windowMs: env.SIGN_IN_ACCOUNT_WINDOW_SECONDS * 1000 },
      ip: { maxFailures: env.SIGN_IN_IP_MAX_FAILURES, windowMs: env.SIGN_IN_IP_WINDOW_SECONDS * 1000 },
    },
    database: {
      poolSize: env.DATABASE_POOL_SIZE,
      timeoutMs: env.DATABASE_TIMEOUT_MS,
    },
    seedDemo: env.SEED_DEMO,
    /** New sign-in alerts by e-mail; null when SMTP_URL is not set (then none are sent). */
    mail: env.SMTP_URL && env.AUTH_URL ? { smtpUrl: env.SMTP_URL, from: env.SMTP_FROM, appUrl: env.AUTH_URL } : null,
    support: {
      lookupsPerMinute: env.SUPPORT_LOOKUPS_PER_MINUTE,
    },
    retention: {
      endedSessionsMs: env.SESSION_RETENTION_DAYS * 24 * 3600 * 1000,
      intervalMs: env.MAINTENANCE_INTERVAL_SECONDS * 1000,
    },
  } as const;
}

export type Config = ReturnType<typeof load>;

let cached: Config | undefined;

/** The validated configuration, parsed on first use (not at import, so `next build` needs no env). */
export function getConfig(): Config {
  cached ??= load();
  return cached;
}
