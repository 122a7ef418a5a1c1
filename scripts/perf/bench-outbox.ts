import { runLoad } from "./load.ts";
import { benchStack, SANDBOX_TOKEN } from "./stack.ts";

/**
 * `npm run bench:outbox`: 10,000 data events through the outbox to the sandbox at Intercom's
 * default limit (10,000 calls/min in 10-second windows) with 50 ms latency. Prints delivery
 * throughput, its ratio to the rate-limit bound, API calls and 429s.
 * Targets: >= 80 % of the bound, <= 1 % of calls answered 429, every event delivered.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const LIMIT_PER_MINUTE = Number(process.env.BENCH_RATE_LIMIT ?? 10_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const PER_REQUEST = 50;

const bench = await benchStack({
  name: "bench-outbox",
  sandbox: {
    seed: 7,
    sizes: { contacts: 1000, conversations: 10 },
    knobs: { rateLimitPerMinute: LIMIT_PER_MINUTE, latencyMs: LATENCY_MS },
  },
});
const { sandbox } = bench;

try {
  const users = await seededUserIds(sandbox.url);
  sandbox.reset();
  const started = Date.now();
  const runId = `bench-${started}`;
  const accepts: Array<() => Promise<Response>> = [];
  for (let i = 0; i < EVENTS; i += PER_REQUEST) {
    const events = Array.from({ length: Math.min(PER_REQUEST, EVENTS - i) }, (_, j) => ({
      event_name: "analysed-property",
      user_id: users[(i + j) % users.length],
      created_at: Math.floor(started / 1000) - (i + j),
      metadata: { run: runId, n: i + j },
    }));
    accepts.push(() =>
      fetch(`${bench.baseUrl}/v1/events`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${bench.adminKey}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ events }),
      }),
    );
  }
  const load = await runLoad(accepts, 8);
  const acceptedAt = Date.now();
  // As npm start does: fire the cron, whose sweep re-queues anything a lost send left behind.
  const stopSweeping = bench.sweepEveryMinute();
  const outcome = await waitUntilDelivered(EVENTS).finally(stopSweeping);
  const seconds = (outcome.lastDeliveredAt - started) / 1000;
  const stats = sandbox.stats();
  const perSecond = outcome.delivered / seconds;
  const bound = LIMIT_PER_MINUTE / 60;
  const share429 = stats.status429 / Math.max(1, stats.requests);
  console.log(
    [
      "",
      `outbox benchmark: ${EVENTS} events, sandbox limit ${LIMIT_PER_MINUTE}/min (10 s windows), ${LATENCY_MS} ms latency`,
      `accepted           ${load.statuses[202] ?? 0}/${load.requests} requests 202 in ${((acceptedAt - started) / 1000).toFixed(1)} s ${JSON.stringify(load.statuses)}`,
      `delivered          ${outcome.delivered}/${EVENTS} (dead ${outcome.dead}, pending ${outcome.pending})`,
      `delivery time      ${seconds.toFixed(1)} s -> ${perSecond.toFixed(1)} events/s`,
      `rate-limit bound   ${bound.toFixed(1)} calls/s; ratio ${(perSecond / bound).toFixed(2)} (target >= 0.80) ${perSecond / bound >= 0.8 ? "PASS" : "FAIL"}`,
      `API calls          ${stats.requests}; 429s ${stats.status429} (${(share429 * 100).toFixed(2)} %, target <= 1 %) ${share429 <= 0.01 ? "PASS" : "FAIL"}`,
      `events at sandbox  ${stats.byRoute["POST /events"] ?? "?"} POST /events calls`,
      "",
    ].join("\n"),
  );
  process.exitCode = outcome.delivered === EVENTS ? 0 : 1;
} finally {
  await bench.stop();
}

async function seededUserIds(base: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const url = new URL("/contacts", base);
    url.searchParams.set("per_page", "150");
    if (cursor) url.searchParams.set("starting_after", cursor);
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${SANDBOX_TOKEN}`, "intercom-version": "2.16" },
    });
    const page = (await res.json()) as {
      data: Array<{ role: string; external_id: string | null }>;
      pages?: { next?: { starting_after?: string | null } | null };
    };
    for (const c of page.data) if (c.role === "user" && c.external_id) ids.push(c.external_id);
    cursor = page.pages?.next?.starting_after ?? null;
  } while (cursor && ids.length < 1000);
  return ids;
}

async function waitUntilDelivered(expected: number) {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const { rows } = await bench.db.query<{
      delivered: number;
      dead: number;
      pending: number;
      last: Date | null;
    }>(
      `select count(*) filter (where status = 'delivered')::int as delivered,
              count(*) filter (where status = 'dead')::int as dead,
              count(*) filter (where status in ('pending', 'failed'))::int as pending,
              max(delivered_at) as last
         from outbox_messages where kind = 'event'`,
    );
    const r = rows[0] ?? { delivered: 0, dead: 0, pending: 0, last: null };
    if (r.delivered + r.dead >= expected || Date.now() > deadline) {
      return { ...r, lastDeliveredAt: r.last ? r.last.getTime() : Date.now() };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
