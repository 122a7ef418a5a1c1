import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../../scripts/dev/migrations.ts";
import { type LocalPostgres, startPostgres } from "../../../scripts/dev/postgres.ts";
import {
  type DashboardQuery,
  dashboardQueries,
  explain,
  KNOWN_SEQ_SCANS,
} from "../../../scripts/perf/explain/plans.ts";
import { seedDashboard } from "../../../scripts/perf/explain/seed.ts";

/**
 * Every query of the dashboard served by an index, on a real Postgres with a workspace large
 * enough that the planner would otherwise read whole tables (`npm run explain:dashboard`
 * prints the same plans at 100,000 customers). Statistics and the visibility map are fresh
 * (VACUUM ANALYZE), as autovacuum keeps them.
 */
const CUSTOMERS = 20_000;
/** The indexes migration 0018 added for the dashboard. */
const NEW_INDEXES = [
  "customers_email_trgm_idx",
  "alerts_kind_idx",
  "sync_runs_workspace_started_idx",
  "customers_plan_mrr_idx",
  "customers_quality_idx",
  "conversations_created_idx",
  "customers_at_risk_idx",
  "outbox_messages_workspace_status_idx",
];

let postgres: LocalPostgres;
let pool: pg.Pool;
let queries: DashboardQuery[];

beforeAll(async () => {
  postgres = await startPostgres({
    dataDir: await mkdtemp(join(tmpdir(), "dashboard-plans-")),
    temporary: true,
  });
  pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
  // At teardown the server's shutdown can reach a client the ending pool has not closed yet
  // (57P01): an idle client's error with no listener would fail the whole run as unhandled.
  pool.on("error", () => {});
  await applyMigrations(postgres.url);
  await seedDashboard(pool, { customers: CUSTOMERS });
  queries = await dashboardQueries(pool);
}, 300_000);

afterAll(async () => {
  await pool?.end();
  await postgres?.destroy();
}, 60_000);

const find = (label: string) => {
  const query = queries.find((q) => q.label.includes(label));
  if (!query) throw new Error(`no dashboard query labelled ${label}`);
  return query;
};

describe(`dashboard queries at ${CUSTOMERS.toLocaleString("en")} customers`, () => {
  it("none reads a large table sequentially", async () => {
    expect(queries.length).toBeGreaterThanOrEqual(25);
    const found = [];
    const known = [];
    for (const query of queries) {
      const plan = await explain(pool, query);
      if (plan.seqScans.length === 0) continue;
      if (KNOWN_SEQ_SCANS.has(plan.label)) known.push(plan.label);
      else found.push(`${plan.label}: ${plan.scans.join(", ")}`);
    }
    expect(found).toEqual([]);
    // Each known one still found: once fixed, it comes off the list.
    expect([...new Set(known)]).toEqual([...KNOWN_SEQ_SCANS.keys()]);
  });

  it("each hot query uses the index made for it", async () => {
    const expected: Array<[string, string]> = [
      ["one customer's email", "customers_email_trgm_idx"],
      ["a part of many emails", "customers_email_trgm_idx"],
      ["latest 5 of each kind", "alerts_kind_idx"],
      ["at risk, top 10", "customers_at_risk_idx"],
      ["latest 50 runs", "sync_runs_workspace_started_idx"],
      ["latest run of each kind", "sync_runs_workspace_started_idx"],
      ["MRR by plan", "customers_plan_mrr_idx"],
      ["customers by quality band", "customers_quality_idx"],
      ["conversations per day", "conversations_created_idx"],
      ["the customer, by id", "customers_id_idx"],
      ["accounts of high value, top 20", "accounts_mrr_idx"],
      ["accounts by a part of the name", "accounts_name_trgm_idx"],
      ["an account by its company id", "accounts_company_id_idx"],
      ["its people", "contact_companies_company_idx"],
      ["its alerts", "alerts_unique_account_change_idx"],
      ["their accounts", "contacts_email_ci_idx"],
    ];
    for (const [label, index] of expected) {
      const plan = await explain(pool, find(label));
      expect(plan.scans.join(", "), label).toMatch(
        new RegExp(`(Index Scan|Index Only Scan|Bitmap Index Scan) ${index}\\b`),
      );
    }
  });

  it("without those indexes the same queries would read whole tables (this size is enough)", async () => {
    const client = await pool.connect();
    try {
      await client.query("begin");
      for (const index of NEW_INDEXES) await client.query(`drop index ${index}`);
      for (const label of [
        "one customer's email",
        "latest 5 of each kind",
        "latest 50 runs",
        "MRR by plan",
        "conversations per day",
      ]) {
        const query = find(label);
        const { rows } = await client.query(
          `explain (format json) ${query.sql}`,
          query.params as unknown[],
        );
        expect(JSON.stringify(rows[0]), label).toContain('"Node Type":"Seq Scan"');
      }
    } finally {
      await client.query("rollback");
      client.release();
    }
  });
});
