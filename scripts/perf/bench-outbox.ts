import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "../dev/free-port.ts";
import { trackFolder } from "../dev/leftovers.ts";
import { startLocalStack } from "../dev/stack.ts";
import { startSandbox } from "../sandbox/server.ts";
import { runLoad } from "./load.ts";

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
const ADMIN_KEY = "bench-admin-key";

const sandbox = await startSandbox({
  seed: 7,
  sizes: { contacts: 1000, conversations: 10 },
  knobs: { rateLimitPerMinute: LIMIT_PER_MINUTE, latencyMs: LATENCY_MS },
});
const folder = await mkdtemp(join(tmpdir(), "intercom-bridge-bench-outbox-"));
// Removed by the guardian too if this script is killed (scripts/dev/leftovers.ts).
trackFolder(folder);
const stack = await startLocalStack({
  port: await freePort(),
  dataDir: join(folder, "postgres"),
  temporaryData: true,
  vars: {
    INTERCOM_CLIENT_SECRET: "bench-client-secret",
    ADMIN_API_KEY: ADMIN_KEY,
    INTERCOM_ACCESS_TOKEN: "local-intercom-token",
    INTERCOM_API_BASE: sandbox.url,
    LOG_LEVEL: "warn",
  },
  wranglerOutput: process.env.BENCH_VERBOSE ? "inherit" : "ignore",
  wranglerArgs: ["--log-level", "warn"],
});

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
      fetch(`${stack.baseUrl}/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ events }),
      }),
    );
  }
  const load = await runLoad(accepts, 8);
  const acceptedAt = Date.now();
  // As npm start does: fire the cron, whose sweep re-queues anything a lost send left behind.
  const sweep = setInterval(() => {
    fetch(`${stack.baseUrl}/__scheduled?cron=${encodeURIComponent("* * * * *")}`).catch(() => {});
  }, 60_000);
  const outcome = await waitUntilDelivered(stack.vars.DATABASE_URL ?? "", EVENTS).finally(() =>
    clearInterval(sweep),
  );
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
  await stack.stop();
  await sandbox.stop();
  await rm(folder, { recursive: true, force: true });
}

async function seededUserIds(base: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const url = new URL("/contacts", base);
    url.searchParams.set("per_page", "150");
    if (cursor) url.searchParams.set("starting_after", cursor);
    const res = await fetch(url, {
      headers: { authorization: "Bearer local-intercom-token", "intercom-version": "2.16" },
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

async function waitUntilDelivered(databaseUrl: string, expected: number) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const deadline = Date.now() + 15 * 60_000;
  try {
    for (;;) {
      const { rows } = await client.query<{
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
  } finally {
    await client.end();
  }
}
