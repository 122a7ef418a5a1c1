import { parseArgs } from "node:util";
import type { z } from "@hono/zod-openapi";
import type { WritebackRun, WritebackStarted } from "../../src/http/schemas/writeback.ts";
import { WRITES_PER_SECOND } from "../../src/writeback/pace.ts";
import { runSyncToEnd } from "./run-sync.ts";
import { benchStack, SANDBOX_TOKEN } from "./stack.ts";
import {
  agedOut,
  changeContacts,
  differentInIntercom,
  expectedChanges,
  recordPreviousRun,
  sampleOf,
  setDifference,
  writebackState,
} from "./writeback-state.ts";

/**
 * `npm run bench:writeback`: a write-back of 100,000 sandbox contacts with 1 % changed, at
 * Intercom's default rate limit and 50 ms a call, under wrangler dev. A full contact sync, the
 * state a previous write-back left (recorded directly, see writeback-state.ts; `--first-run`
 * does that run for real, ~20 min at 100,000), 1 % of paying contacts given a new Stripe plan
 * in the sandbox and an incremental contact sync; then a real write-back, timed. Prints contacts
 * written per second against the write-back's bound (WRITES_PER_SECOND, half the budget), and
 * the Intercom calls of the run by route: the PUTs must be the changed contacts exactly (those
 * given a new plan, and any whose quality score only aged since: writeback-state.ts agedOut),
 * and every other call an attribute check.
 *   npm run bench:writeback [-- --contacts N | --quick] [--first-run]
 */
const { values: args } = parseArgs({
  options: {
    contacts: { type: "string" },
    quick: { type: "boolean", default: false },
    "first-run": { type: "boolean", default: false },
  },
});
const CONTACTS = Number(args.contacts ?? (args.quick ? 5_000 : 100_000));
if (!Number.isInteger(CONTACTS) || CONTACTS < 100) throw new Error("--contacts: at least 100");
const CHANGED = Math.floor(CONTACTS / 100);
const LIMIT_PER_MINUTE = 10_000;
const LATENCY_MS = 50;

type RunView = z.infer<typeof WritebackRun>;
const ATTRIBUTE_ROUTES = ["GET /data_attributes", "POST /data_attributes"];
const PUT_CONTACT = "PUT /contacts/{id}";

const bench = await benchStack({
  name: "bench-writeback",
  sandbox: {
    seed: 44,
    sizes: { contacts: CONTACTS, leads: 0, conversations: 10, companies: 0 },
    knobs: { rateLimitPerMinute: LIMIT_PER_MINUTE, latencyMs: LATENCY_MS },
  },
});
const { sandbox, db } = bench;
const headers = { authorization: `Bearer ${bench.adminKey}`, "content-type": "application/json" };
const state = writebackState(
  bench.stack.vars.DATABASE_URL ?? "",
  sandbox,
  SANDBOX_TOKEN,
  sandbox.workspace().appId,
);

const seconds = (from: string | null, to: string | null) =>
  from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : Number.NaN;

/** Starts a real write-back and polls it to its end, firing the minute sweep as `npm start` does. */
async function writeback(label: string) {
  sandbox.reset();
  const res = await fetch(`${bench.baseUrl}/v1/writeback`, {
    method: "POST",
    headers,
    body: JSON.stringify({ dry_run: false }),
  });
  if (res.status !== 202) throw new Error(`write-back answered ${res.status}: ${await res.text()}`);
  const { run_id } = (await res.json()) as z.infer<typeof WritebackStarted>;
  let lastSweep = Date.now();
  let lastLine = Date.now();
  // The outbox's backlog of this run's writes at its largest: pace.ts means it to stay near a slice.
  let maxPending = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (Date.now() - lastSweep > 60_000) {
      lastSweep = Date.now();
      await bench.sweep();
    }
    const view = (await (
      await fetch(`${bench.baseUrl}/v1/writeback/${run_id}`, { headers })
    ).json()) as RunView;
    maxPending = Math.max(maxPending, view.progress.writes_pending);
    if (view.status === "succeeded" || view.status === "failed")
      return { view, stats: sandbox.stats(), timing: await writeTiming(run_id), maxPending };
    if (Date.now() - lastLine > 15_000) {
      lastLine = Date.now();
      const p = view.progress;
      console.error(
        `${label}: ${view.status}, ${p.contacts_scanned}/${p.contacts_total} scanned, ${view.contacts_planned} planned, ${view.contacts_written} written, ${p.writes_pending} pending`,
      );
    }
  }
}

/** The run's writes as the outbox holds them: first queued, last delivered, and whose. */
async function writeTiming(runId: string) {
  const { rows } = await db.query<{ first: string | null; last: string | null }>(
    `select min(o.created_at)::text as first, max(o.delivered_at)::text as last
     from writeback_writes w join outbox_messages o on o.id = w.outbox_id
     where w.run_id = $1::uuid`,
    [runId],
  );
  const written = await db.query<{ id: string }>(
    `select w.intercom_id as id from writeback_writes w
     join outbox_messages o on o.id = w.outbox_id
     where w.run_id = $1::uuid and w.model = 'contact' and o.status = 'delivered'`,
    [runId],
  );
  const window = rows[0]?.first && rows[0].last ? seconds(rows[0].first, rows[0].last) : 0;
  return { window, ids: written.rows.map((r) => r.id) };
}

type Finished = Awaited<ReturnType<typeof writeback>>;

function describe(label: string, run: Finished) {
  const { view, stats, timing, maxPending } = run;
  const planning = seconds(view.created_at, view.planned_at);
  const total = seconds(view.created_at, view.finished_at);
  const perSecond = view.contacts_written / total;
  const inWindow = timing.window > 0 ? view.contacts_written / timing.window : 0;
  return [
    `${label.padEnd(19)}${view.status}: ${view.progress.contacts_scanned} contacts scanned, ${view.contacts_planned} planned, ${view.contacts_written} written, ${view.contacts_unchanged} unchanged, ${view.failures.count} failures, ${view.refused.count} refused`,
    `  seconds          planning ${planning.toFixed(1)} (${(view.progress.contacts_scanned / planning).toFixed(0)} contacts compared/s), writing after planning ${(total - planning).toFixed(1)}, total ${total.toFixed(1)}`,
    `  written/s        ${perSecond.toFixed(1)} over the run; ${inWindow.toFixed(1)} from the first write queued to the last delivered (${timing.window.toFixed(1)} s); bound ${WRITES_PER_SECOND.toFixed(1)} (half of ${LIMIT_PER_MINUTE}/min); ratio ${(inWindow / WRITES_PER_SECOND).toFixed(2)}; most writes waiting in the outbox ${maxPending}`,
    `  Intercom calls   ${stats.requests}, 429s ${stats.status429}, 5xx ${stats.status5xx} ${JSON.stringify(stats.byRoute)}`,
  ];
}

const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");

try {
  const syncStarted = new Date();
  const sync = await runSyncToEnd(bench.baseUrl, bench.adminKey, "contacts", "full");
  const lines = [
    "",
    `write-back benchmark: ${CONTACTS} contacts, ${CHANGED} changed (1 %), sandbox limit ${LIMIT_PER_MINUTE}/min, ${LATENCY_MS} ms latency, wrangler dev`,
    `contacts full      ${sync.status}: ${sync.contacts_synced} contacts in ${sync.seconds.toFixed(1)} s`,
  ];
  if (args["first-run"]) {
    const first = await writeback("first write-back");
    lines.push(...describe("first write-back", first));
  } else {
    const t0 = performance.now();
    const recorded = await recordPreviousRun(state);
    lines.push(
      `previous run       recorded, not run: ${recorded} contacts' values and the data attributes (${((performance.now() - t0) / 1000).toFixed(1)} s; --first-run to run it)`,
    );
  }
  const changed = await changeContacts(state, CHANGED);
  const incremental = await runSyncToEnd(bench.baseUrl, bench.adminKey, "contacts", "incremental");
  const expected = await expectedChanges(state);
  const toWrite = [...expected.changed.keys()];
  const beyond = setDifference(changed, toWrite);
  const others = toWrite.filter((id) => !changed.includes(id));
  const aged = new Set(await agedOut(state, others, expected.changed, syncStarted));
  const unexplained = others.filter((id) => !aged.has(id));
  const explained = beyond.missing === 0 && unexplained.length === 0;
  lines.push(
    `incremental sync   ${incremental.status}: ${incremental.contacts_synced} contacts read in ${incremental.seconds.toFixed(1)} s, after ${CHANGED} contacts got a new Stripe plan`,
    `  to write         ${toWrite.length} of ${expected.scanned} contacts differ from what Intercom holds: the ${CHANGED} changed (missing ${beyond.missing}) and ${others.length} others, ${aged.size} of them whose quality score aged (last seen now over 7 days ago) ${verdict(explained)}`,
    ...(unexplained.length > 0
      ? [`  unexplained      ${unexplained.length}: ${sampleOf(unexplained, expected.changed)}`]
      : []),
  );
  const run = await writeback("write-back");
  const { view, stats, timing } = run;
  const puts = stats.byRoute[PUT_CONTACT] ?? 0;
  const checks = ATTRIBUTE_ROUTES.reduce((n, route) => n + (stats.byRoute[route] ?? 0), 0);
  const wrote = setDifference(toWrite, timing.ids);
  const inIntercom = differentInIntercom(sandbox, expected.changed);
  const n = toWrite.length;
  const ok = {
    explained,
    status: view.status === "succeeded" && view.failures.count === 0,
    planned: view.contacts_planned === n && view.contacts_written === n,
    calls: puts === n && stats.requests === n + checks,
    whom: wrote.missing + wrote.extra === 0 && inIntercom === 0,
  };
  lines.push(
    ...describe("write-back", run),
    `  planned/written  ${view.contacts_planned} planned, ${view.contacts_written} written of ${n} changed ${verdict(ok.status && ok.planned)}`,
    `  calls            ${stats.requests} = ${puts} ${PUT_CONTACT} + ${checks} attribute checks (${ATTRIBUTE_ROUTES.join(", ")}); changed ${n} + checks ${checks} = ${n + checks} ${verdict(ok.calls)}`,
    `  vs sandbox       written contacts vs changed: missing ${wrote.missing}, others ${wrote.extra}; contacts whose attributes in Intercom differ from ours: ${inIntercom} ${verdict(ok.whom)}`,
    "",
  );
  console.log(lines.join("\n"));
  if (!Object.values(ok).every(Boolean)) process.exitCode = 1;
} finally {
  await state.close();
  await bench.stop();
}
