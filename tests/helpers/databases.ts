import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

// Extra, empty databases on the test server (for migrations on a truly fresh database), dropped
// again by dropScratchDatabases() in afterAll.

const created: string[] = [];

export function adminUrl(): string {
  return inject("adminDatabaseUrl");
}

export function urlFor(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database (not cloned from the migrated template); returns its URL. */
export async function createScratchDatabase(): Promise<string> {
  const name = `bb_scratch_${randomBytes(6).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE template0`));
  created.push(name);
  return urlFor(name);
}

export async function dropScratchDatabases(): Promise<void> {
  const names = created.splice(0);
  await admin(async (client) => {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

/** Runs `fn` with a client connected to `url`, then disconnects. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
