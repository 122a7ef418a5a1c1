import { defineConfig } from "drizzle-kit";

// `npm run db:generate` needs no database; `npm run db:migrate` applies drizzle/ to DATABASE_URL.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema/index.ts",
  out: "./drizzle",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost:5432/intercom_bridge" },
});
