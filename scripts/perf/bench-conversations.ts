import { runSyncToEnd } from "./run-sync.ts";
import { sandboxList } from "./sandbox-list.ts";
import { benchStack } from "./stack.ts";

/**
 * `npm run bench:conversations`: a full conversation sync of 20,000 conversations with on
 * average 10 parts from the sandbox (Intercom's default rate limit, 50 ms per call) through
 * wrangler dev's local Queues, then an incremental run after 2 % changed. Prints
 * conversations/s, parts/s, API calls, 429s, the call rate against the rate-limit bound, the
 * concurrency the local queue consumer reached, and checks every conversation and part.
 */
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 20_000);
const LIMIT_PER_MINUTE = Number(process.env.BENCH_LIMIT_PER_MINUTE ?? 10_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const PART_CAP = 500;

const bench = await benchStack({
  name: "bench-conversations",
  sandbox: {
    seed: 42,
    sizes: {
      contacts: 2_000,
      leads: 0,
      conversations: CONVERSATIONS,
      partsPerConversation: 10,
    },
    knobs: { rateLimitPerMinute: LIMIT_PER_MINUTE, latencyMs: LATENCY_MS },
  },
});
const { sandbox, db } = bench;

async function run(mode: "full" | "incremental") {
  sandbox.reset();
  const result = await runSyncToEnd(bench.baseUrl, bench.adminKey, "conversations", mode);
  return {
    ...result,
    conversations_synced: result.conversations_synced ?? 0,
    parts: result.parts ?? 0,
    part_fetches: result.part_fetches ?? 0,
    stats: sandbox.stats(),
  };
}

/**
 * Every sandbox conversation stored, with the parts Intercom returns (the 500 newest). Parts of
 * a truncated conversation stored by an earlier fetch are kept, so it may hold a few more.
 */
async function compareWithSandbox() {
  const { rows } = await db.query<{
    id: string;
    updated: string;
    stored_for: string | null;
    parts: number;
    truncated: boolean | null;
  }>(`select c.id, extract(epoch from c.intercom_updated_at)::bigint::text as updated,
        extract(epoch from c.parts_stored_for)::bigint::text as stored_for, c.parts_truncated as truncated,
        (select count(*)::int from conversation_parts p where p.workspace_id = c.workspace_id and p.conversation_id = c.id) as parts
      from conversations c where c.deleted_at is null`);
  const ours = new Map(rows.map((r) => [r.id, r]));
  let missing = 0;
  let different = 0;
  let partsMissing = 0;
  const theirs = await sandboxList<{
    id: string;
    updated_at: number;
    statistics: { count_conversation_parts: number };
  }>(sandbox, "/conversations", "conversations");
  for (const c of theirs) {
    const row = ours.get(c.id);
    // Intercom's count includes the opening message, which is no part.
    const all = c.statistics.count_conversation_parts - 1;
    const expectedParts = Math.min(all, PART_CAP);
    if (!row) missing += 1;
    else if (Number(row.updated) !== c.updated_at || row.stored_for !== row.updated) different += 1;
    else if (
      row.parts < expectedParts ||
      row.parts > all ||
      // 500 returned is all a fetch can know: truncated, whether or not there were more.
      row.truncated !== all >= PART_CAP
    )
      partsMissing += 1;
  }
  return { total: theirs.length, missing, different, partsMissing };
}

const pass = (ok: boolean) => (ok ? "PASS" : "FAIL");
const bound = LIMIT_PER_MINUTE / 60;

function describeRun(label: string, r: Awaited<ReturnType<typeof run>>) {
  const callRate = r.stats.requests / r.seconds;
  const share429 = r.stats.requests ? r.stats.status429 / r.stats.requests : 0;
  return [
    `${label} ${r.status}: ${r.conversations_synced} conversations, ${r.parts} parts in ${r.seconds.toFixed(1)} s -> ${(r.conversations_synced / r.seconds).toFixed(0)} conversations/s, ${(r.parts / r.seconds).toFixed(0)} parts/s`,
    `  API calls        ${r.stats.requests} ${JSON.stringify(r.stats.byRoute)}`,
    `  call rate        ${callRate.toFixed(1)}/s of a ${bound.toFixed(1)}/s bound -> ratio ${(callRate / bound).toFixed(2)}`,
    `  429s             ${r.stats.status429} (${(share429 * 100).toFixed(2)} % of calls; the run counted ${r.rate_limited})`,
    `  concurrency      mean ${(r.stats.busyMs / 1000 / r.seconds).toFixed(1)} calls open, max ${r.stats.maxInFlight}`,
    `  failures         ${r.failures}, retried errors ${r.errors}${r.last_error ? ` (last: ${r.last_error})` : ""}`,
  ];
}

try {
  const full = await run("full");
  const check = await compareWithSandbox();
  const mutation = await fetch(`${sandbox.url}/__sandbox/mutate`, {
    method: "POST",
    body: JSON.stringify({ kind: "conversations.update", count: Math.floor(CONVERSATIONS / 50) }),
  });
  const changed = new Set(((await mutation.json()) as { changed: string[] }).changed);
  const incremental = await run("incremental");
  const after = await compareWithSandbox();
  const callRate = full.stats.requests / full.seconds;
  const share429 = full.stats.requests ? full.stats.status429 / full.stats.requests : 0;
  console.log(
    [
      "",
      `conversation sync benchmark: ${CONVERSATIONS} conversations (~10 parts each), sandbox limit ${LIMIT_PER_MINUTE}/min, ${LATENCY_MS} ms latency, wrangler dev + local Queues`,
      ...describeRun("full run        ", full),
      `  target           ratio >= 0.50 ${pass(callRate / bound >= 0.5)}; 429s <= 1 % ${pass(share429 <= 0.01)}`,
      `  vs sandbox       ${check.total} conversations, missing ${check.missing}, stale ${check.different}, parts wrong ${check.partsMissing} ${pass(check.missing + check.different + check.partsMissing === 0 && full.failures === 0)}`,
      ...describeRun(`incremental run  after ${changed.size} changed:`, incremental),
      `  part fetches     ${incremental.part_fetches} for ${changed.size} changed conversations ${pass(incremental.part_fetches === changed.size)}`,
      `  vs sandbox       missing ${after.missing}, stale ${after.different}, parts wrong ${after.partsMissing} ${pass(after.missing + after.different + after.partsMissing === 0)}`,
      "",
    ].join("\n"),
  );
} finally {
  await bench.stop();
}
