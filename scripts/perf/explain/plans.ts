import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { readConversation } from "../../../src/conversations/read.ts";
import {
  accountLists,
  accountWithPeople,
  searchAccounts,
} from "../../../src/dashboard/data/accounts.ts";
import { latestAlertsByKind } from "../../../src/dashboard/data/alerts.ts";
import { chartData } from "../../../src/dashboard/data/charts.ts";
import {
  customerLists,
  customerWithConversations,
  searchCustomers,
} from "../../../src/dashboard/data/customers.ts";
import { deliveriesSummary } from "../../../src/dashboard/data/deliveries.ts";
import { outboxSummary } from "../../../src/dashboard/data/outbox.ts";
import { latestRuns } from "../../../src/dashboard/data/runs.ts";
import type { Database } from "../../../src/db/client.ts";
import * as schema from "../../../src/db/schema/index.ts";
import { checkHealth } from "../../../src/health/check.ts";
import { listWritebackRuns } from "../../../src/writeback/read.ts";
import { LONG_CONVERSATION, SOME_COMPANY, WORKSPACE } from "./seed.ts";

export interface DashboardQuery {
  /** What the dashboard shows with it, and where (page or fragment). */
  label: string;
  sql: string;
  params: unknown[];
}

/** Tables that grow with the workspace: a sequential scan of any of them is a finding. */
export const LARGE_TABLES = [
  "customers",
  "contacts",
  "conversations",
  "conversation_parts",
  "alerts",
  "webhook_deliveries",
  "outbox_messages",
  "sync_runs",
  "sync_partitions",
  "companies",
  "contact_companies",
  "accounts",
  "writeback_runs",
  "writeback_writes",
];

/**
 * Sequential scans found and not yet fixed, each with why. Counting a write-back run's writes
 * by status (src/writeback/read.ts) joins every write of the run with its outbox row: a run
 * that writes every contact is a large share of the outbox, so Postgres hashes both tables
 * (200-370 ms at 100,000 contacts), on every poll of the section while the run writes.
 * Counts kept on the run as its writes settle would make it one row.
 */
export const KNOWN_SEQ_SCANS: ReadonlyMap<string, string> = new Map([
  [
    "write-back (page, /live/writeback): a run's writes by status",
    "a run still writing counts its writes each poll (src/writeback/read.ts); once they settle, the minute's sweep puts the counts on the run (src/writeback/settle.ts)",
  ],
]);

/**
 * Every statement the dashboard's pages and fragments run, captured from the code itself
 * (src/dashboard/data/, the health check, the conversation read) with the values a page
 * passes, by running it against `pool` with a logging drizzle.
 */
export async function dashboardQueries(pool: pg.Pool): Promise<DashboardQuery[]> {
  const captured: DashboardQuery[] = [];
  // By position, or by the statement where the code runs them concurrently (Promise.all).
  let labels: string[] | ((sql: string) => string) = [];
  let step = "";
  let first = 0;
  const db = drizzle({
    client: pool,
    schema,
    logger: {
      logQuery(sql, params) {
        const n = captured.length - first;
        const label = typeof labels === "function" ? labels(sql) : labels[n];
        captured.push({ label: `${step}: ${label ?? `query ${n + 1}`}`, sql, params });
      },
    },
  }) as unknown as Database;
  const run = async (name: string, names: typeof labels, read: () => Promise<unknown>) => {
    step = name;
    labels = names;
    first = captured.length;
    await read();
  };
  const now = new Date();
  const config = {
    INTERCOM_WORKSPACE_ID: WORKSPACE,
    INTERCOM_API_BASE: "http://127.0.0.1:1",
    INTERCOM_ACCESS_TOKEN: undefined,
  };
  await run(
    "health (page, /live/health)",
    ["webhook backlog", "outbox backlog", "latest run of each kind"],
    () => checkHealth({ db: () => db, config }),
  );
  await run(
    "runs (page, /live/runs)",
    ["latest 50 runs", "running run", "its partitions", "a failed run's failures", "another's"],
    () => latestRuns(db, WORKSPACE, now),
  );
  await run(
    "write-back (page, /live/writeback)",
    (sql) =>
      /order by/i.test(sql) && /"writeback_runs"/.test(sql)
        ? "latest 5 write-back runs"
        : /group by/i.test(sql)
          ? "a run's writes by status"
          : /'dead'/.test(sql)
            ? "a run's failed writes"
            : "a run",
    () => listWritebackRuns(db, WORKSPACE, 5),
  );
  await run(
    "deliveries (page, /live/deliveries)",
    ["counts of 24 h by topic and status", "latest dead"],
    () => deliveriesSummary(db, now),
  );
  await run(
    "outbox (page, /live/outbox)",
    ["counts: open, dead, delivered in 24 h", "latest dead"],
    () => outboxSummary(db, WORKSPACE, now),
  );
  await run("alerts (page)", ["latest 5 of each kind"], () => latestAlertsByKind(db, WORKSPACE));
  await run("customers (page)", ["at risk, top 10 by MRR", "high value, top 10 by MRR"], () =>
    customerLists(db, WORKSPACE, 500),
  );
  await run("customer search (POST)", ["one customer's email"], () =>
    searchCustomers(db, WORKSPACE, "person4242@company254.example"),
  );
  await run("customer search (POST)", ["a part of many emails"], () =>
    searchCustomers(db, WORKSPACE, "company42."),
  );
  await run("accounts (page)", ["accounts at risk, top 20", "accounts of high value, top 20"], () =>
    accountLists(db, WORKSPACE, 500),
  );
  await run("account search (GET)", ["accounts by a part of the name"], () =>
    searchAccounts(db, WORKSPACE, "pany 4242", 500),
  );
  await run("account search (GET)", ["accounts by a part of many names"], () =>
    searchAccounts(db, WORKSPACE, "pany 42", 500),
  );
  await run("account search (GET)", ["an account by its company id"], () =>
    searchAccounts(db, WORKSPACE, "acct-42", 500),
  );
  await run("account page", ["the account", "its people", "its alerts"], () =>
    accountWithPeople(db, WORKSPACE, SOME_COMPANY),
  );
  await run(
    "charts (page)",
    ["MRR by plan", "customers by quality band", "conversations per day"],
    () => chartData(db, WORKSPACE, now),
  );
  const { rows } = await pool.query<{ id: string }>(
    "select id from customers where workspace_id = $1 and email = $2",
    [WORKSPACE, "person4242@company254.example"],
  );
  await run("customer page", ["the customer, by id", "their conversations", "their accounts"], () =>
    customerWithConversations(db, WORKSPACE, rows[0]?.id ?? ""),
  );
  await run(
    "conversation page",
    ["the conversation", "its contacts", "its tags", "parts stored", "a page of parts"],
    () => readConversation(db, WORKSPACE, LONG_CONVERSATION, { limit: 51 }),
  );
  return captured;
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  Plans?: PlanNode[];
}

export interface Explained {
  label: string;
  /** The scans, outermost first: "Index Scan customers_pkey", "Seq Scan on alerts". */
  scans: string[];
  /** Sequential scans of LARGE_TABLES. */
  seqScans: string[];
  executionMs: number;
}

function scansOf(node: PlanNode): PlanNode[] {
  const own = node["Node Type"].includes("Scan") ? [node] : [];
  return [...own, ...(node.Plans ?? []).flatMap(scansOf)];
}

/** EXPLAIN ANALYZE of one captured statement, with its own values. */
export async function explain(pool: pg.Pool, query: DashboardQuery): Promise<Explained> {
  const { rows } = await pool.query(`explain (analyze, format json) ${query.sql}`, query.params);
  const [result] = (
    rows[0] as { "QUERY PLAN": Array<{ Plan: PlanNode; "Execution Time": number }> }
  )["QUERY PLAN"];
  if (!result) throw new Error(`no plan for ${query.label}`);
  const scans = scansOf(result.Plan);
  return {
    label: query.label,
    scans: scans.map((s) =>
      s["Index Name"]
        ? `${s["Node Type"]} ${s["Index Name"]}`
        : `${s["Node Type"]}${s["Relation Name"] ? ` on ${s["Relation Name"]}` : ""}`,
    ),
    seqScans: scans
      .filter(
        (s) => s["Node Type"] === "Seq Scan" && LARGE_TABLES.includes(s["Relation Name"] ?? ""),
      )
      .map((s) => s["Relation Name"] ?? ""),
    executionMs: result["Execution Time"],
  };
}
