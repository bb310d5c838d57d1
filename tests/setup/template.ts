import pg from "pg";
import { migrate } from "../../lib/db/migrate";

// One template per test run (its process id in the name), so two runs on one server never collide.
export const TEMPLATE = `bb_test_template_${process.pid}`;

/** Creates a migrated template database that every test file clones (CREATE DATABASE … TEMPLATE); returns its name. */
export async function createTemplate(adminUrl: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  } finally {
    await admin.end();
  }
  await migrate(withDatabase(adminUrl, TEMPLATE));
  return TEMPLATE;
}

export async function dropTemplate(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`).catch(() => {});
  await admin.end();
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
