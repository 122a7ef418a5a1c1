import { userCount } from "../sandbox/render-company.ts";
import { runSyncToEnd } from "./run-sync.ts";
import { benchStack } from "./stack.ts";

/**
 * `npm run bench:companies`: a full company sync of 20,000 companies (and their people:
 * 40,000 contacts, synced first) from the sandbox at Intercom's default rate limit and 50 ms
 * a call, under wrangler dev; then an incremental run after 1 % of companies were renamed and
 * 1 % lost a person. Prints companies/s against the rate-limit bound (100 companies a scroll
 * call), the calls by route, and checks every account against the sandbox: the same companies,
 * people counts equal to Intercom's `user_count`, MRR the sum of its distinct customers'.
 */
const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 20_000);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 40_000);
const LIMIT_PER_MINUTE = 10_000;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);

const bench = await benchStack({
  name: "bench-companies",
  sandbox: {
    seed: 43,
    sizes: { contacts: CONTACTS, leads: 0, conversations: 10, companies: COMPANIES },
    knobs: { rateLimitPerMinute: LIMIT_PER_MINUTE, latencyMs: LATENCY_MS },
  },
});
const { sandbox, db } = bench;

async function run(kind: "contacts" | "companies", mode: "full" | "incremental") {
  sandbox.reset();
  const view = await runSyncToEnd(bench.baseUrl, bench.adminKey, kind, mode);
  const { rows } = await db.query<Record<string, number>>(
    `select companies_synced, scroll_restarts, people_fetches, accounts_derived, tombstoned,
       extract(epoch from finished_at - started_at)::float8 as seconds
     from sync_runs where id = $1`,
    [view.run_id],
  );
  return { view, figures: rows[0] ?? {}, stats: sandbox.stats() };
}

async function compareWithSandbox() {
  const ws = sandbox.workspace();
  const { rows } = await db.query<{
    intercom_id: string;
    people_count: number;
    name: string | null;
  }>("select intercom_id, people_count, name from accounts");
  const ours = new Map(rows.map((r) => [r.intercom_id, r]));
  let missing = 0;
  let different = 0;
  for (const co of ws.companies.values()) {
    const a = ours.get(co.id);
    if (!a) missing += 1;
    else if (a.people_count !== userCount(ws, co.id) || a.name !== (co.name ?? null))
      different += 1;
  }
  const extra = rows.filter((r) => !ws.companies.has(r.intercom_id)).length;
  // MRR: each account's against the sum over its distinct customers, recomputed here.
  const { rows: mrr } = await db.query<{ wrong: number }>(
    `select count(*)::int as wrong from accounts a
     where abs(a.mrr - coalesce((
       select sum(cu.mrr) from customers cu where cu.workspace_id = a.workspace_id and cu.email in (
         select lower(c.email) from contact_companies l
         join contacts c on c.workspace_id = l.workspace_id and c.id = l.contact_id
         where l.workspace_id = a.workspace_id and l.company_id = a.intercom_id and l.attached
           and c.deleted_at is null and c.merged_into_id is null)), 0)) > 1e-6`,
  );
  const over10 = [...ws.contacts.values()].filter((c) => c.companyIds.length > 10).length;
  return {
    total: ws.companies.size,
    missing,
    extra,
    different,
    mrrWrong: mrr[0]?.wrong ?? -1,
    over10,
  };
}

const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");

try {
  const contacts = await run("contacts", "full");
  const full = await run("companies", "full");
  const check = await compareWithSandbox();
  const count = Math.ceil(COMPANIES / 100);
  for (const kind of ["company.rename", "company.detach"])
    await fetch(`${sandbox.url}/__sandbox/mutate`, {
      method: "POST",
      body: JSON.stringify({ kind, count }),
    });
  const incremental = await run("companies", "incremental");
  const after = await compareWithSandbox();
  const seconds = full.figures.seconds ?? full.view.seconds;
  const perSecond = (full.figures.companies_synced ?? 0) / seconds;
  const calls = full.stats.requests;
  // At the rate limit, with the calls this run made: what Intercom's budget allows at best.
  const bound = (full.figures.companies_synced ?? 0) / (calls / LIMIT_PER_MINUTE) / 60;
  const scrollBound = (LIMIT_PER_MINUTE / 60) * 100;
  console.log(
    [
      "",
      `company sync benchmark: ${COMPANIES} companies, ${CONTACTS} contacts, sandbox limit ${LIMIT_PER_MINUTE}/min, ${LATENCY_MS} ms latency, wrangler dev`,
      `contacts full      ${contacts.view.status} in ${contacts.view.seconds.toFixed(1)} s (first, for the people)`,
      `companies full     ${full.view.status}: ${full.figures.companies_synced} companies in ${seconds.toFixed(1)} s -> ${perSecond.toFixed(0)} companies/s`,
      `  API calls        ${calls}, 429s ${full.stats.status429} ${JSON.stringify(full.stats.byRoute)}`,
      `  people read      ${full.figures.people_fetches} companies (their people past a contact's 10); scroll restarts ${full.figures.scroll_restarts}`,
      `  bound            ${scrollBound.toFixed(0)} companies/s for the scroll alone (100 a call); ${bound.toFixed(0)} with this run's ${calls} calls; ratio ${(perSecond / bound).toFixed(2)}`,
      `  accounts         ${full.figures.accounts_derived} derived`,
      `  vs sandbox       ${check.total} companies, missing ${check.missing}, extra ${check.extra}, different ${check.different}, MRR wrong ${check.mrrWrong}; ${check.over10} people in more than 10 companies ${verdict(check.missing + check.extra + check.different + check.mrrWrong === 0)}`,
      `incremental run    after ${count} renames and ${count} people detached: ${incremental.stats.requests} API calls ${JSON.stringify(incremental.stats.byRoute)}, ${incremental.figures.people_fetches} companies' people read, ${incremental.view.seconds.toFixed(1)} s`,
      `  vs sandbox       missing ${after.missing}, extra ${after.extra}, different ${after.different}, MRR wrong ${after.mrrWrong} ${verdict(after.missing + after.extra + after.different + after.mrrWrong === 0)}`,
      "",
    ].join("\n"),
  );
} finally {
  await bench.stop();
}
