import type { TestProject } from "vitest/node";
import { createTemplate, dropTemplate } from "./template";

// The machine's PostgreSQL (CI: 15 on 127.0.0.1:5432), named by TEST_DATABASE_URL. Test files
// create databases of their own on it and drop them afterwards.
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  project.provide("templateDatabase", await createTemplate(adminUrl));
  const pg = await import("pg");
  const client = new pg.default.Client({ connectionString: adminUrl });
  await client.connect();
  const { rows } = await client.query("SHOW server_version");
  await client.end();
  project.provide("adminDatabaseUrl", adminUrl);
  project.provide("databaseLabel", `system PostgreSQL ${rows[0].server_version}`);
  return () => dropTemplate(adminUrl);
}
