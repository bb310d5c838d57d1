// Run by the launcher before the app starts: apply pending migrations, then, in demo mode only,
// seed an empty database. Demo mode is the launcher's embedded database (it passes --demo) or
// SEED_DEMO=1; a database named by DATABASE_URL never gets users the operator did not create.
import { getConfig } from "@/lib/config";
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { seedDemoData } from "@/lib/db/seed";

const config = getConfig();
const demo = process.argv.includes("--demo") || config.seedDemo;
const applied = await migrate(config.databaseUrl);
if (applied.length) console.log(`[start] applied migrations: ${applied.join(", ")}`);
const { db, pool } = createDb(config.databaseUrl);
// The advisory lock keeps two instances starting together from seeding twice.
const lock = await pool.connect();
try {
  await lock.query("SELECT pg_advisory_lock(4242001)");
  if (demo) {
    if (await seedDemoData(db, config.session)) console.log("[start] seeded the demo account");
  } else if ((await db.account.count()) === 0) {
    console.log("[start] no accounts yet: create the first one with `npm run admin -- create-account --help`");
  }
} finally {
  await lock.query("SELECT pg_advisory_unlock(4242001)").catch(() => {});
  lock.release();
  await db.$disconnect();
  await pool.end();
}
