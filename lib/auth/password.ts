import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";

// Password hashes: scrypt, stored as "scrypt$N$r$p$salt$hash" (base64url) so the cost can grow.

const COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

// scrypt runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), and so
// does everything else that must not wait behind a burst of sign-ins: the SCRAM handshake of a
// new PostgreSQL connection (WebCrypto digests and PBKDF2), file reads, DNS. Fifty people signing
// in at once queued fifty hashes there, a new connection's handshake waited behind all of them,
// and the pool gave up at DATABASE_TIMEOUT_MS (503). Hashes therefore take turns: at most all
// but two of the pool's threads at once (at least one). The rest wait here, holding nothing; on
// a 2-core machine more hashes at once would not finish sooner anyway.
const THREAD_POOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE) || 4;
export const MAX_CONCURRENT_HASHES = Math.max(1, THREAD_POOL_SIZE - 2);

// One queue per process (Next evaluates this module once per bundle; the thread pool is shared).
type Turns = { running: number; waiting: Array<() => void> };
const TURNS = Symbol.for("broker-buddha.password-hash-turns");
const turns: Turns = ((globalThis as { [TURNS]?: Turns })[TURNS] ??= { running: 0, waiting: [] });

async function takeTurn<T>(work: () => Promise<T>): Promise<T> {
  if (turns.running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => turns.waiting.push(resolve));
  else turns.running++;
  try {
    return await work();
  } finally {
    const next = turns.waiting.shift();
    if (next) next(); // the turn passes on; running stays the same
    else turns.running--;
  }
}

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return takeTurn(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scryptCallback(password.normalize("NFKC"), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) =>
          err ? reject(err) : resolve(key),
        ),
      ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  // A corrupted or hostile stored hash is a wrong password, not a crash or a memory bomb.
  if (![cost.N, cost.r, cost.p].every(Number.isSafeInteger) || cost.N > 2 ** 20 || cost.r > 32 || cost.p > 16) return false;
  const expected = Buffer.from(hash, "base64url");
  try {
    const key = await scrypt(password, Buffer.from(salt, "base64url"), cost);
    return key.length === expected.length && timingSafeEqual(key, expected);
  } catch {
    return false;
  }
}

// Verified against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
export async function burnPasswordCheck(password: string): Promise<false> {
  await verifyPassword(password, DUMMY_HASH);
  return false;
}
