import { applyMigrations } from "./migrations.ts";

/** `npm run db:migrate`: applies `drizzle/` to DATABASE_URL (Neon or any Postgres). */
const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    "DATABASE_URL is not set. Example:\n  DATABASE_URL=postgres://user:pass@host/db npm run db:migrate",
  );
  process.exit(1);
}
await applyMigrations(url);
console.log("migrations applied");
