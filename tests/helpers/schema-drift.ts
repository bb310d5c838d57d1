import type pg from "pg";
import type { Dmmf, DmmfField, DmmfModel } from "./prisma-dmmf";

// Compares a Prisma schema (its DMMF) with a live PostgreSQL database and lists every difference
// in tables, columns (type, nullability, default present), enums, indexes and foreign keys.
// An empty list means `prisma migrate diff` would find nothing to do for what is compared here.

type Queryable = Pick<pg.ClientBase, "query">;

const PRISMA_TABLE = "_prisma_migrations";

function columnName(field: DmmfField): string {
  return field.dbName ?? field.name;
}

function tableName(model: DmmfModel): string {
  return model.dbName ?? model.name;
}

/** The PostgreSQL type a scalar field maps to, as format_type() spells it. */
function expectedType(field: DmmfField, enumDbName: (name: string) => string): string {
  if (field.kind === "enum") return `"${enumDbName(field.type)}"`.replace(/^"([a-z_][a-z0-9_]*)"$/, "$1");
  const [native, args = []] = field.nativeType ?? [];
  switch (native) {
    case "VarChar":
      return args.length ? `character varying(${args[0]})` : "character varying";
    case "Char":
      return `character(${args[0] ?? 1})`;
    case "Text":
      return "text";
    case "Timestamptz":
      return `timestamp(${args[0] ?? 3}) with time zone`;
    case "Timestamp":
      return `timestamp(${args[0] ?? 3}) without time zone`;
    case "Date":
      return "date";
    case "Uuid":
      return "uuid";
    case "SmallInt":
      return "smallint";
    case "Integer":
      return "integer";
    case "BigInt":
      return "bigint";
    case "DoublePrecision":
      return "double precision";
    case "Real":
      return "real";
    case "Decimal":
      return `numeric(${args[0] ?? 65},${args[1] ?? 30})`;
    case "JsonB":
      return "jsonb";
    case "Json":
      return "json";
    case undefined:
      break;
    default:
      return `unsupported native type ${native}`;
  }
  switch (field.type) {
    case "String":
      return "text";
    case "Int":
      return "integer";
    case "BigInt":
      return "bigint";
    case "Float":
      return "double precision";
    case "Decimal":
      return "numeric(65,30)";
    case "Boolean":
      return "boolean";
    case "DateTime":
      return "timestamp(3) without time zone";
    case "Json":
      return "jsonb";
    case "Bytes":
      return "bytea";
    default:
      return `unsupported type ${field.type}`;
  }
}

const ON_DELETE: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };

export async function schemaDrift(dmmf: Dmmf, db: Queryable): Promise<string[]> {
  const problems: string[] = [];
  const { models, enums, indexes } = dmmf.datamodel;
  const modelByName = new Map(models.map((m) => [m.name, m]));
  const enumDbName = (name: string) => {
    const e = enums.find((x) => x.name === name);
    return e?.dbName ?? name;
  };

  // Tables.
  const { rows: tableRows } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  const actualTables = new Set(tableRows.map((r) => r.table_name).filter((t) => t !== PRISMA_TABLE));
  const expectedTables = new Set(models.map(tableName));
  for (const t of expectedTables) if (!actualTables.has(t)) problems.push(`table ${t} is missing`);
  for (const t of actualTables) if (!expectedTables.has(t)) problems.push(`table ${t} is not in the schema`);

  // Columns.
  const { rows: columnRows } = await db.query<{ table_name: string; column_name: string; nullable: boolean; type: string; has_default: boolean }>(
    `SELECT c.relname AS table_name, a.attname AS column_name, NOT a.attnotnull AS nullable,
            format_type(a.atttypid, a.atttypmod) AS type, a.atthasdef AS has_default
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  for (const model of models) {
    const table = tableName(model);
    if (!actualTables.has(table)) continue;
    const actual = new Map(columnRows.filter((r) => r.table_name === table).map((r) => [r.column_name, r]));
    const scalars = model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
    for (const field of scalars) {
      const column = columnName(field);
      const where = `${table}.${column}`;
      const found = actual.get(column);
      if (!found) {
        problems.push(`column ${where} (${model.name}.${field.name}) is missing`);
        continue;
      }
      const type = expectedType(field, enumDbName) + (field.isList ? "[]" : "");
      if (found.type !== type) problems.push(`column ${where} is ${found.type}, the schema says ${type}`);
      if (found.nullable === field.isRequired) {
        problems.push(`column ${where} is ${found.nullable ? "nullable" : "NOT NULL"}, the schema says ${field.isRequired ? "required" : "optional"}`);
      }
      if (found.has_default !== field.hasDefaultValue && !field.isUpdatedAt) {
        problems.push(`column ${where} ${found.has_default ? "has" : "has no"} default, the schema ${field.hasDefaultValue ? "has" : "has none"}`);
      }
    }
    const known = new Set(scalars.map(columnName));
    for (const column of actual.keys()) if (!known.has(column)) problems.push(`column ${table}.${column} is not in the schema`);
  }

  // Enums and their values, in order.
  const { rows: enumRows } = await db.query<{ name: string; values: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = current_schema()
      GROUP BY t.typname`,
  );
  const actualEnums = new Map(enumRows.map((r) => [r.name, r.values]));
  for (const e of enums) {
    const name = e.dbName ?? e.name;
    const values = e.values.map((v) => v.dbName ?? v.name);
    const found = actualEnums.get(name);
    if (!found) problems.push(`enum ${name} is missing`);
    else if (found.join(",") !== values.join(",")) problems.push(`enum ${name} has values ${found.join(", ")}, the schema says ${values.join(", ")}`);
  }
  for (const name of actualEnums.keys()) {
    if (!enums.some((e) => (e.dbName ?? e.name) === name)) problems.push(`enum ${name} is not in the schema`);
  }

  // Indexes: primary keys, @unique / @@unique and @@index, with their columns, order and names.
  const { rows: indexRows } = await db.query<{ table_name: string; index_name: string; is_unique: boolean; is_primary: boolean; columns: string[] }>(
    `SELECT t.relname AS table_name, i.relname AS index_name, x.indisunique AS is_unique, x.indisprimary AS is_primary,
            array_agg(a.attname || CASE WHEN (x.indoption[k.ord - 1] & 1) = 1 THEN ' desc' ELSE '' END ORDER BY k.ord)::text[] AS columns
       FROM pg_index x
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = current_schema() AND t.relname <> '${PRISMA_TABLE}'
      GROUP BY t.relname, i.relname, x.indisunique, x.indisprimary`,
  );
  const describeIndex = (table: string, kind: string, columns: string[]) => `${kind} ${table}(${columns.join(", ")})`;
  const actualIndexes = new Map(
    indexRows.map((r) => [describeIndex(r.table_name, r.is_primary ? "primary key" : r.is_unique ? "unique index" : "index", r.columns), r.index_name]),
  );
  const expectedIndexes = new Map<string, string>();
  for (const index of indexes) {
    const model = modelByName.get(index.model)!;
    const table = tableName(model);
    const columns = index.fields.map((f) => {
      const field = model.fields.find((x) => x.name === f.name)!;
      return columnName(field) + (f.sortOrder === "desc" ? " desc" : "");
    });
    const bare = columns.map((c) => c.replace(/ desc$/, ""));
    const kind = index.type === "id" ? "primary key" : index.type === "unique" ? "unique index" : "index";
    const defaultName = index.type === "id" ? `${table}_pkey` : `${table}_${bare.join("_")}_${index.type === "unique" ? "key" : "idx"}`;
    expectedIndexes.set(describeIndex(table, kind, columns), index.dbName ?? defaultName);
  }
  for (const [index, name] of expectedIndexes) {
    const found = actualIndexes.get(index);
    if (found === undefined) problems.push(`${index} is missing`);
    else if (found !== name) problems.push(`${index} is named ${found}, Prisma would name it ${name}`);
  }
  for (const [index, name] of actualIndexes) if (!expectedIndexes.has(index)) problems.push(`${index} (${name}) is not in the schema`);

  // Foreign keys of relations, with their delete and update rules.
  const { rows: fkRows } = await db.query<{ table_name: string; columns: string[]; ref_table: string; ref_columns: string[]; on_delete: string; on_update: string }>(
    `SELECT t.relname AS table_name, r.relname AS ref_table, c.confdeltype AS on_delete, c.confupdtype AS on_update,
            ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS columns,
            ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS ref_columns
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_class r ON r.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  const describeFk = (table: string, columns: string[], ref: string, refColumns: string[]) =>
    `foreign key ${table}(${columns.join(", ")}) → ${ref}(${refColumns.join(", ")})`;
  const actualFks = new Map(fkRows.map((r) => [describeFk(r.table_name, r.columns, r.ref_table, r.ref_columns), r]));
  const expectedFks = new Set<string>();
  for (const model of models) {
    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const target = modelByName.get(field.type)!;
      const relation = field as DmmfField & { relationToFields: string[]; relationOnDelete?: string; relationOnUpdate?: string };
      const fk = describeFk(
        tableName(model),
        relation.relationFromFields!.map((name) => columnName(model.fields.find((f) => f.name === name)!)),
        tableName(target),
        relation.relationToFields.map((name) => columnName(target.fields.find((f) => f.name === name)!)),
      );
      expectedFks.add(fk);
      const found = actualFks.get(fk);
      if (!found) {
        problems.push(`${fk} is missing`);
        continue;
      }
      const onDelete = relation.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull");
      const onUpdate = relation.relationOnUpdate ?? "Cascade";
      if (ON_DELETE[found.on_delete] !== onDelete) problems.push(`${fk} deletes with ${ON_DELETE[found.on_delete]}, the schema says ${onDelete}`);
      if (ON_DELETE[found.on_update] !== onUpdate) problems.push(`${fk} updates with ${ON_DELETE[found.on_update]}, the schema says ${onUpdate}`);
    }
  }
  for (const fk of actualFks.keys()) if (!expectedFks.has(fk)) problems.push(`${fk} is not in the schema`);

  return problems;
}
