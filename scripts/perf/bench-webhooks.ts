import { signIntercomBody } from "../../src/webhooks/signature.ts";
import { sampleNotification } from "../sandbox/samples/notifications.ts";
import { type LoadResult, runLoad } from "./load.ts";
import { benchStack } from "./stack.ts";

/**
 * `npm run bench:webhooks`: 2,000 signed deliveries at concurrency 50 against the webhook
 * route under `wrangler dev`, and the same load against a route that does nothing. Prints
 * throughput and latency for both, and acknowledged vs stored deliveries (must be equal).
 * Targets: at least half the empty route's throughput, p99 under 100 ms.
 */
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const LIGHT_CONCURRENCY = 4;
const TOPICS = ["contact.user.updated", "contact.user.tag.created", "conversation.user.replied"];

// The deployment's own workspace: a delivery for any other is stored and ignored, not applied.
const appId = `bench-${Date.now()}`;
const bench = await benchStack({
  name: "bench-webhooks",
  vars: { INTERCOM_WORKSPACE_ID: appId, BENCH_ROUTES: "1" },
});
const SECRET = bench.clientSecret;

try {
  const bodies = await Promise.all(
    Array.from({ length: DELIVERIES }, async (_, i) => {
      const topic = TOPICS[i % TOPICS.length] ?? "ping";
      const body = JSON.stringify(
        sampleNotification(topic, { appId, contactId: `c${i % 500}`, at: 1_763_800_000 + i }),
      );
      return { body, signature: await signIntercomBody(body, SECRET) };
    }),
  );
  const requestsTo = (path: string, list: typeof bodies) =>
    list.map(
      ({ body, signature }) =>
        () =>
          fetch(`${bench.baseUrl}${path}`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-hub-signature": signature },
            body,
          }),
    );

  // Warm both routes (isolate start, first database connection) outside the measurement.
  const warmup = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const n = JSON.stringify(sampleNotification("ping", { appId: `${appId}-warmup-${i}` }));
      const signature = await signIntercomBody(n, SECRET);
      return { body: n, signature };
    }),
  );
  await runLoad(requestsTo("/__bench/noop", warmup), 10);
  await runLoad(requestsTo("/webhooks/intercom", warmup), 10);

  const empty = await runLoad(requestsTo("/__bench/noop", bodies), CONCURRENCY);
  const webhook = await runLoad(requestsTo("/webhooks/intercom", bodies), CONCURRENCY);
  const { stored, applied, waited } = await waitUntilStored(appId, webhook.ok);
  // The same routes below saturation: what one delivery costs when the machine is not queueing.
  const light = await Promise.all(
    bodies.slice(0, 400).map(async ({ body }) => {
      const relabelled = body.replace(`"app_id":"${appId}"`, `"app_id":"${appId}-light"`);
      return { body: relabelled, signature: await signIntercomBody(relabelled, SECRET) };
    }),
  );
  const emptyLight = await runLoad(requestsTo("/__bench/noop", light), LIGHT_CONCURRENCY);
  const webhookLight = await runLoad(requestsTo("/webhooks/intercom", light), LIGHT_CONCURRENCY);

  const row = (name: string, r: LoadResult) =>
    `${name.padEnd(20)}${r.perSecond.toFixed(0).padStart(8)} req/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   statuses ${JSON.stringify(r.statuses)}`;
  const ratio = webhook.perSecond / empty.perSecond;
  console.log(
    [
      "",
      `webhook benchmark: ${DELIVERIES} signed deliveries, concurrency ${CONCURRENCY}, wrangler dev`,
      `at concurrency ${CONCURRENCY} (${DELIVERIES} requests each):`,
      row("empty route", empty),
      row("POST /webhooks", webhook),
      `at concurrency ${LIGHT_CONCURRENCY} (${light.length} requests each):`,
      row("empty route", emptyLight),
      row("POST /webhooks", webhookLight),
      `throughput ratio    ${ratio.toFixed(2)} (target >= 0.50) ${ratio >= 0.5 ? "PASS" : "FAIL"}`,
      `webhook p99         ${webhook.p99.toFixed(1)} ms (target < 100 ms) ${webhook.p99 < 100 ? "PASS" : "FAIL"}`,
      `acknowledged        ${webhook.ok}`,
      `stored              ${stored} ${stored === webhook.ok ? "(equal)" : "(MISMATCH)"}`,
      `applied             ${applied} (queue drained ${waited.toFixed(1)} s after the load)`,
      "",
    ].join("\n"),
  );
  process.exitCode = stored === webhook.ok ? 0 : 1;
} finally {
  await bench.stop();
}

async function waitUntilStored(appId: string, acknowledged: number) {
  const started = performance.now();
  for (;;) {
    const { rows } = await bench.db.query<{ stored: number; applied: number }>(
      `select count(*)::int as stored,
              count(*) filter (where status in ('applied', 'ignored'))::int as applied
         from webhook_deliveries where workspace_id = $1`,
      [appId],
    );
    const counts = rows[0] ?? { stored: 0, applied: 0 };
    const waited = (performance.now() - started) / 1000;
    if (counts.applied >= acknowledged || waited > 120) return { ...counts, waited };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
