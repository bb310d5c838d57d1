import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { createScratchDatabase, dropScratchDatabases, withClient } from "../helpers/databases";

// lib/db/migrate.ts applies prisma/migrations the way `prisma migrate deploy` does and records
// them in Prisma's own _prisma_migrations table, so Prisma's tools agree with it.

const MIGRATIONS = path.join(process.cwd(), "prisma", "migrations");
const tempDirs: string[] = [];

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** A copy of prisma/migrations to change without touching the real one. */
async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "bb-migrations-"));
  tempDirs.push(dir);
  await cp(MIGRATIONS, dir, { recursive: true });
  return dir;
}

type MigrationRow = {
  id: string;
  migration_name: string;
  checksum: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
};

const recorded = (url: string) =>
  withClient(url, async (c) => (await c.query<MigrationRow>(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`)).rows);

const tables = (url: string) =>
  withClient(url, async (c) =>
    (await c.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).rows.map((r) => r.table_name),
  );

afterAll(async () => {
  await dropScratchDatabases();
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe(`migrate() on ${inject("databaseLabel")}`, () => {
  it("applies every migration to an empty database, records it as prisma migrate deploy does, and nothing the second time", async () => {
    const url = await createScratchDatabase();
    const names = await migrationNames();
    expect(names.length).toBeGreaterThan(0);

    expect(await migrate(url)).toEqual(names);
    expect(await tables(url)).toEqual(expect.arrayContaining(["_prisma_migrations", "accounts", "users", "sessions", "rate_limits"]));

    // One row per migration: sha256 of the file, finished, one step, not rolled back.
    const rows = await recorded(url);
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const sql = await readFile(path.join(MIGRATIONS, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    expect((await readMigrations()).map((m) => [m.name, m.checksum])).toEqual(rows.map((r) => [r.migration_name, r.checksum]));

    // Idempotent: the second run applies nothing and records nothing.
    expect(await migrate(url)).toEqual([]);
    expect(await recorded(url)).toEqual(rows);
  });

  it("lets several processes migrate one fresh database at once: all succeed, each migration applied once", async () => {
    const url = await createScratchDatabase();
    const names = await migrationNames();
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    expect(results.flat().sort()).toEqual(names);
    expect((await recorded(url)).map((r) => r.migration_name)).toEqual(names);
  });

  describe("on a database that is already migrated", () => {
    let url: string;
    beforeAll(async () => {
      url = await createScratchDatabase();
      await migrate(url);
    });

    it("refuses to start when an applied migration was edited afterwards", async () => {
      const dir = await copyOfMigrations();
      const [first] = await migrationNames();
      const file = path.join(dir, first!, "migration.sql");
      await writeFile(file, `${await readFile(file, "utf8")}\n-- an innocent-looking edit\n`);
      const before = await recorded(url);

      await expect(migrate(url, dir)).rejects.toThrow(new RegExp(`${first}.*edited`));
      expect(await recorded(url)).toEqual(before);
    });

    it("applies a failing migration not at all, and records nothing for it", async () => {
      const dir = await copyOfMigrations();
      await mkdir(path.join(dir, "29991231000000_broken"));
      await writeFile(
        path.join(dir, "29991231000000_broken", "migration.sql"),
        `CREATE TABLE "half_done" ("id" TEXT);\nALTER TABLE "no_such_table" ADD COLUMN "x" TEXT;\n`,
      );
      const before = await recorded(url);

      await expect(migrate(url, dir)).rejects.toThrow(/29991231000000_broken failed/);
      expect(await tables(url)).not.toContain("half_done");
      expect(await recorded(url)).toEqual(before);
    });

    it("applies a new migration on top of the applied ones, and only it", async () => {
      const dir = await copyOfMigrations();
      await mkdir(path.join(dir, "29991231000001_add_nickname"));
      await writeFile(path.join(dir, "29991231000001_add_nickname", "migration.sql"), `ALTER TABLE "users" ADD COLUMN "nickname" TEXT;\n`);

      expect(await migrate(url, dir)).toEqual(["29991231000001_add_nickname"]);
      const columns = await withClient(url, async (c) =>
        (await c.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'users'`)).rows.map((r) => r.column_name),
      );
      expect(columns).toContain("nickname");
      expect((await recorded(url)).map((r) => r.migration_name)).toContain("29991231000001_add_nickname");
      expect(await migrate(url, dir)).toEqual([]);
    });
  });
});
