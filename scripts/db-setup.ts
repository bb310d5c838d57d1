// Run by the launcher before the app starts: apply pending migrations, then seed an empty database.
import { getConfig } from "@/lib/config";
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { seedDemoData } from "@/lib/db/seed";

const config = getConfig();
const applied = await migrate(config.databaseUrl);
if (applied.length) console.log(`[start] applied migrations: ${applied.join(", ")}`);
const { db, pool } = createDb(config.databaseUrl);
// The advisory lock keeps two instances starting together from seeding twice.
const lock = await pool.connect();
try {
  await lock.query("SELECT pg_advisory_lock(4242001)");
  if (await seedDemoData(db, config.session)) console.log("[start] seeded the demo account");
} finally {
  await lock.query("SELECT pg_advisory_unlock(4242001)").catch(() => {});
  lock.release();
  await db.$disconnect();
  await pool.end();
}
