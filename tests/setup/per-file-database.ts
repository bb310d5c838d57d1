import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { withDatabase } from "./template";

// Each integration test file runs in its own worker with a fresh, migrated database of its own,
// cloned from the template before the file's modules read DATABASE_URL.
const adminUrl = inject("adminDatabaseUrl");
const name = `bb_test_${randomBytes(6).toString("hex")}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("templateDatabase")}`);
await admin.end();

process.env.DATABASE_URL = withDatabase(adminUrl, name);
process.env.AUTH_SECRET ??= "integration-tests-secret-0123456789abcdef";
process.env.TEST_DATABASE_NAME = name;

afterAll(async () => {
  const { getPool } = await import("../../lib/db/client");
  await getPool().end().catch(() => {});
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
});
