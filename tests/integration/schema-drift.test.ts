import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { getPool } from "@/lib/db/client";
import { getDmmf } from "../helpers/prisma-dmmf";
import { schemaDrift } from "../helpers/schema-drift";

// The migrations (applied by lib/db/migrate.ts) and prisma/schema.prisma must describe the same
// database: a schema change without a migration, or a migration without a schema change, fails here.

const schemaFile = path.join(process.cwd(), "prisma", "schema.prisma");
const schema = readFileSync(schemaFile, "utf8");

/** The schema with `line` added to the body of `model`. */
function withField(model: string, line: string): string {
  const head = `model ${model} {\n`;
  expect(schema).toContain(head);
  return schema.replace(head, `${head}  ${line}\n`);
}

/** Runs `fn` on one connection inside a transaction that is rolled back afterwards. */
async function inRolledBackTransaction<T>(fn: (client: import("pg").PoolClient) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    return await fn(client);
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

describe(`schema.prisma against the migrated database on ${inject("databaseLabel")}`, () => {
  it("match: every model's table, column, type, nullability, enum, index and foreign key", async () => {
    const dmmf = getDmmf(schema);
    expect(dmmf.datamodel.models.map((m) => m.dbName ?? m.name).sort()).toEqual(["accounts", "rate_limits", "security_events", "session_history_counts", "sessions", "users"]);
    expect(await schemaDrift(dmmf, getPool())).toEqual([]);
  });

  it("the session table has the indexes the gate and the listings rely on", async () => {
    const { rows } = await getPool().query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = 'sessions'`);
    const defs = rows.map((r) => r.indexdef);
    expect(defs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/UNIQUE INDEX sessions_pkey ON public\.sessions USING btree \(id\)/),
        expect.stringMatching(/UNIQUE INDEX sessions_handle_key ON public\.sessions USING btree \(handle\)/),
        expect.stringMatching(/INDEX \S+ ON public\.sessions USING btree \(user_id, status, last_active_at DESC\)/),
        // Partial (the schema cannot say so): the history's live half walks it whatever the user's history holds.
        expect.stringMatching(/INDEX sessions_live_history_idx ON public\.sessions USING btree \(user_id, expires_at DESC, created_at DESC, id DESC\) WHERE \(ended_at IS NULL\)/),
      ]),
    );
  });

  describe("catches drift", () => {
    it("a field added to the schema without a migration", async () => {
      const problems = await schemaDrift(getDmmf(withField("User", `nickname String? @map("nick_name")`)), getPool());
      expect(problems).toEqual([expect.stringMatching(/column users\.nick_name .*missing/)]);
    });

    it("a model added to the schema without a migration", async () => {
      const drifted = `${schema}\nmodel AuditLog {\n  id String @id\n  @@map("audit_log")\n}\n`;
      const problems = await schemaDrift(getDmmf(drifted), getPool());
      expect(problems).toContain("table audit_log is missing");
      expect(problems.every((p) => p.includes("audit_log"))).toBe(true);
    });

    it("an optional field made required, or a type changed, without a migration", async () => {
      const required = schema.replace(/^(\s+city\s+)String\?/m, "$1String");
      expect(required).not.toBe(schema);
      expect(await schemaDrift(getDmmf(required), getPool())).toEqual([expect.stringMatching(/sessions\.city is nullable/)]);

      const retyped = schema.replace(/^(\s+ip\s+)String\b/m, '$1String @db.VarChar(45)');
      expect(retyped).not.toBe(schema);
      expect(await schemaDrift(getDmmf(retyped), getPool())).toEqual([expect.stringMatching(/sessions\.ip is text, the schema says character varying\(45\)/)]);
    });

    it("an enum value or an index added to the schema without a migration", async () => {
      const enumValue = schema.replace(/(enum EndReason \{\n)/, "$1  ADMIN_REVOKED\n");
      expect(await schemaDrift(getDmmf(enumValue), getPool())).toEqual([expect.stringMatching(/enum EndReason has values/)]);

      const index = withField("Session", "@@index([ip])");
      expect(await schemaDrift(getDmmf(index), getPool())).toEqual([expect.stringMatching(/index sessions\(ip\) is missing/)]);
    });

    it("a migration that changed the database but not the schema", async () => {
      await inRolledBackTransaction(async (client) => {
        await client.query(`ALTER TABLE sessions ADD COLUMN risk_score INTEGER`);
        await client.query(`ALTER TABLE users ALTER COLUMN name DROP NOT NULL`);
        await client.query(`DROP INDEX sessions_user_id_created_at_idx`);
        await client.query(`ALTER TYPE "Role" ADD VALUE 'AUDITOR'`);
        const problems = await schemaDrift(getDmmf(schema), client);
        expect(problems).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/column sessions\.risk_score is not in the schema/),
            expect.stringMatching(/column users\.name is nullable/),
            expect.stringMatching(/index sessions\(user_id, created_at desc\) is missing/),
            expect.stringMatching(/enum Role has values USER, BILLING_MANAGER, ACCOUNT_OWNER, SUPPORT, AUDITOR/),
          ]),
        );
        expect(problems).toHaveLength(4);
      });
    });
  });
});
