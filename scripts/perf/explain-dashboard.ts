/**
 * The plans of every dashboard query at 100,000 customers: a temporary Postgres with the
 * migrations (benchDatabase), a seeded workspace (scripts/perf/explain/seed.ts), then EXPLAIN
 * ANALYZE of each statement the dashboard's code runs (scripts/perf/explain/plans.ts). Prints
 * one line per query: its scans and time; exit 1 if any scans a large table sequentially
 * (KNOWN: found, not yet fixed, and said why in scripts/perf/explain/plans.ts).
 *   npm run explain:dashboard                 (EXPLAIN_CUSTOMERS=100000 by default)
 */
import pg from "pg";
import { dashboardQueries, explain, KNOWN_SEQ_SCANS } from "./explain/plans.ts";
import { seedDashboard } from "./explain/seed.ts";
import { benchDatabase } from "./stack.ts";

const CUSTOMERS = Number(process.env.EXPLAIN_CUSTOMERS ?? 100_000);

const database = await benchDatabase("explain-dashboard");
const pool = new pg.Pool({ connectionString: database.url, max: 2 });
let failed = false;
try {
  const t0 = performance.now();
  await seedDashboard(pool, { customers: CUSTOMERS });
  console.log(
    `seeded ${CUSTOMERS.toLocaleString("en")} customers and what they need in ${Math.round(performance.now() - t0)} ms\n`,
  );
  for (const query of await dashboardQueries(pool)) {
    const plan = await explain(pool, query);
    const known = KNOWN_SEQ_SCANS.has(plan.label);
    failed ||= plan.seqScans.length > 0 && !known;
    const mark = plan.seqScans.length > 0 ? (known ? "KNOWN" : "SEQ  ") : "ok   ";
    console.log(
      `${mark} ${plan.label.padEnd(70)} ${plan.executionMs.toFixed(2).padStart(8)} ms  ${plan.scans.join(", ")}`,
    );
  }
} finally {
  await pool.end().catch(() => {});
  await database.stop();
}
if (failed) {
  console.error("\nsome dashboard queries scan a large table sequentially (SEQ above)");
  process.exit(1);
}
