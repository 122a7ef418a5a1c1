import type { Queryable } from "../db.ts";

export interface EndState {
  running: number;
  deliveriesOpen: Record<string, number>;
  deadLetters: { sync: number; webhooks: number; outbox: number };
  deadLettersWithoutReason: number;
}

/** What must be true of the service's own bookkeeping once the lifetime is over. */
export async function endState(db: Queryable): Promise<EndState> {
  const one = async (sql: string) => Number((await db.query<{ n: number }>(sql)).rows[0]?.n ?? 0);
  const open = await db.query<{ status: string; n: number }>(
    `select status, count(*)::int as n from webhook_deliveries
     where status in ('received', 'failed') group by status`,
  );
  return {
    running: await one("select count(*)::int as n from sync_runs where status = 'running'"),
    deliveriesOpen: Object.fromEntries(open.rows.map((r) => [r.status, r.n])),
    deadLetters: {
      sync: await one("select count(*)::int as n from sync_failures"),
      webhooks: await one(
        "select count(*)::int as n from webhook_deliveries where status = 'dead'",
      ),
      outbox: await one("select count(*)::int as n from outbox_messages where status = 'dead'"),
    },
    deadLettersWithoutReason:
      (await one(
        "select count(*)::int as n from sync_failures where coalesce(trim(error), '') = ''",
      )) +
      (await one(
        "select count(*)::int as n from webhook_deliveries where status = 'dead' and coalesce(trim(last_error), '') = ''",
      )) +
      (await one(
        "select count(*)::int as n from outbox_messages where status = 'dead' and coalesce(trim(last_error), '') = ''",
      )),
  };
}

export function endStateProblems(state: EndState): string[] {
  const problems: string[] = [];
  if (state.running > 0) problems.push(`${state.running} run(s) left running`);
  for (const [status, n] of Object.entries(state.deliveriesOpen))
    if (n > 0) problems.push(`${n} webhook deliveries left ${status}`);
  if (state.deadLettersWithoutReason > 0)
    problems.push(`${state.deadLettersWithoutReason} dead letter(s) without a reason`);
  return problems;
}

export interface CompanyRunFigures {
  runs: number;
  longestMs: number;
  scrollRestarts: number;
  /** Runs whose last retried error was a refused open: another scroll still held the lock. */
  waitedForScroll: number;
  peopleFetches: number;
  tombstoned: number;
}

/** What the company runs of the lifetime did, from their counters. */
export async function companyRunFigures(db: Queryable): Promise<CompanyRunFigures> {
  const { rows } = await db.query<Record<string, number>>(
    `select count(*)::int as runs,
       coalesce(max(extract(epoch from finished_at - started_at) * 1000), 0)::float8 as longest,
       coalesce(sum(scroll_restarts), 0)::int as restarts,
       count(*) filter (where last_error like '%scroll of this workspace is open%')::int as waited,
       coalesce(sum(people_fetches), 0)::int as people,
       coalesce(sum(tombstoned), 0)::int as tombstoned
     from sync_runs where kind = 'companies'`,
  );
  const r = rows[0] ?? {};
  return {
    runs: r.runs ?? 0,
    longestMs: r.longest ?? 0,
    scrollRestarts: r.restarts ?? 0,
    waitedForScroll: r.waited ?? 0,
    peopleFetches: r.people ?? 0,
    tombstoned: r.tombstoned ?? 0,
  };
}
