/**
 * The plans of every dashboard query at 100,000 customers: a temporary Postgres with the
 * migrations, a seeded workspace (scripts/perf/explain/seed.ts), then EXPLAIN ANALYZE of each
 * statement the dashboard's code runs (scripts/perf/explain/plans.ts). Prints one line per query:
 * its scans and time; exit 1 if any scans a large table sequentially.
 *   npm run explain:dashboard                 (EXPLAIN_CUSTOMERS=100000 by default)
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { applyMigrations } from "../dev/migrations.ts";
import { startPostgres } from "../dev/postgres.ts";
import { dashboardQueries, explain } from "./explain/plans.ts";
import { seedDashboard } from "./explain/seed.ts";

const CUSTOMERS = Number(process.env.EXPLAIN_CUSTOMERS ?? 100_000);

const postgres = await startPostgres({
  dataDir: await mkdtemp(join(tmpdir(), "explain-dashboard-")),
  temporary: true,
});
const pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
const stop = async () => {
  await pool.end().catch(() => {});
  await postgres.destroy();
};
process.once("SIGINT", () => void stop().then(() => process.exit(130)));
process.once("SIGTERM", () => void stop().then(() => process.exit(143)));
let failed = false;
try {
  await applyMigrations(postgres.url);
  const t0 = performance.now();
  await seedDashboard(pool, { customers: CUSTOMERS });
  console.log(
    `seeded ${CUSTOMERS.toLocaleString("en")} customers and what they need in ${Math.round(performance.now() - t0)} ms\n`,
  );
  for (const query of await dashboardQueries(pool)) {
    const plan = await explain(pool, query);
    failed ||= plan.seqScans.length > 0;
    const mark = plan.seqScans.length > 0 ? "SEQ" : "ok ";
    console.log(
      `${mark} ${plan.label.padEnd(70)} ${plan.executionMs.toFixed(2).padStart(8)} ms  ${plan.scans.join(", ")}`,
    );
  }
} finally {
  await stop();
}
if (failed) {
  console.error("\nsome dashboard queries scan a large table sequentially (SEQ above)");
  process.exit(1);
}
