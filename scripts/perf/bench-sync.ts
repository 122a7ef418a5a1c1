import { runSyncToEnd } from "./run-sync.ts";
import { sandboxList } from "./sandbox-list.ts";
import { benchStack } from "./stack.ts";

/**
 * `npm run bench:sync`: a full contact sync of 100,000 contacts from the sandbox (Intercom's
 * default rate limit, 50 ms per call) under wrangler dev, then an incremental run after 1 % of
 * contacts changed. Prints contacts/s, API calls, 429s, statements per page, the ratio to the
 * rate-limit bound (150 contacts per call), and checks every contact against the sandbox.
 */
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const LIMIT_PER_MINUTE = 10_000;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);

const bench = await benchStack({
  name: "bench-sync",
  sandbox: {
    seed: 42,
    sizes: { contacts: CONTACTS, leads: 0, conversations: 10 },
    knobs: { rateLimitPerMinute: LIMIT_PER_MINUTE, latencyMs: LATENCY_MS },
  },
});
const { sandbox, stack, db } = bench;

async function transactionCount(): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    "select (xact_commit + xact_rollback)::text as n from pg_stat_database where datname = current_database()",
  );
  return Number(rows[0]?.n ?? 0);
}

async function run(mode: "full" | "incremental") {
  sandbox.reset();
  const result = await runSyncToEnd(bench.baseUrl, bench.adminKey, "contacts", mode);
  return { ...result, stats: sandbox.stats() };
}

async function compareWithSandbox() {
  const { rows } = await db.query<{
    id: string;
    updated: string;
    name: string | null;
    email: string | null;
  }>(
    "select id, extract(epoch from intercom_updated_at)::bigint::text as updated, name, email from contacts where deleted_at is null",
  );
  const ours = new Map(rows.map((r) => [r.id, r]));
  let missing = 0;
  let different = 0;
  const theirs = await sandboxList<{
    id: string;
    updated_at: number;
    name: string | null;
    email: string | null;
  }>(sandbox, "/contacts", "data");
  for (const c of theirs) {
    const row = ours.get(c.id);
    if (!row) missing += 1;
    else if (Number(row.updated) !== c.updated_at || row.name !== c.name || row.email !== c.email)
      different += 1;
  }
  return { total: theirs.length, missing, different };
}

try {
  const before = { transactions: await transactionCount(), statements: stack.statements() ?? 0 };
  const full = await run("full");
  const transactions = (await transactionCount()) - before.transactions;
  // Every statement the Worker sent during the run (begin and commit included), per page.
  const statements = (stack.statements() ?? 0) - before.statements;
  const check = await compareWithSandbox();
  const changed = Math.floor(CONTACTS / 100);
  await fetch(`${sandbox.url}/__sandbox/mutate`, {
    method: "POST",
    body: JSON.stringify({ kind: "contacts.update", count: changed }),
  });
  const incremental = await run("incremental");
  const after = await compareWithSandbox();
  const perSecond = full.contacts_synced / full.duration_seconds;
  const bound = (LIMIT_PER_MINUTE / 60) * 150;
  console.log(
    [
      "",
      `contact sync benchmark: ${CONTACTS} contacts, sandbox limit ${LIMIT_PER_MINUTE}/min, ${LATENCY_MS} ms latency, wrangler dev`,
      `full run           ${full.status}: ${full.contacts_synced} contacts in ${full.duration_seconds.toFixed(1)} s (start to finish; ${full.seconds.toFixed(1)} s as polled) -> ${perSecond.toFixed(0)} contacts/s (target >= 5000) ${perSecond >= 5000 ? "PASS" : "FAIL"}`,
      `  API calls        ${full.stats.requests} (${full.pages} pages), 429s ${full.stats.status429}, errors ${full.errors} ${JSON.stringify(full.stats.byRoute)}`,
      `  bound            ${bound.toFixed(0)} contacts/s (150 per call); ratio ${(perSecond / bound).toFixed(2)}`,
      `  statements       ${(statements / full.pages).toFixed(1)} per page (${statements} in all, begin/commit included; ${transactions} transactions for ${full.pages} pages); one upsert per table per page`,
      `  vs sandbox       ${check.total} contacts, missing ${check.missing}, different ${check.different} ${check.missing + check.different === 0 ? "PASS" : "FAIL"}`,
      `incremental run    after ${changed} contacts changed: ${incremental.stats.requests} API calls ${JSON.stringify(incremental.stats.byRoute)}, ${incremental.contacts_synced} contacts read, ${incremental.created + incremental.updated} written, ${incremental.seconds.toFixed(1)} s`,
      `  vs sandbox       missing ${after.missing}, different ${after.different} ${after.missing + after.different === 0 ? "PASS" : "FAIL"}`,
      "",
    ].join("\n"),
  );
} finally {
  await bench.stop();
}
