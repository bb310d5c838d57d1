import { defineConfig } from "prisma/config";

// The datasource URL lives here in Prisma 7. The app itself never reads this file: it connects
// through lib/db/client.ts with the URL the launcher (scripts/start.mjs) provides.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
