import type { LocalStack } from "../../dev/stack.ts";
import type { Sandbox } from "../../sandbox/server.ts";
import { changeBatch } from "./changes.ts";
import type { Courier } from "./courier.ts";
import { armBeforeRuns, type FaultFigures, inject } from "./faults.ts";
import type { Profile } from "./profile.ts";
import type { Mode, Round } from "./schedule.ts";
import type { ScrollWatchFigures } from "./scroll-watch.ts";
import type { Kind, Service } from "./service.ts";
import type { OutboxWrites } from "./writes.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const DAY = 86_400;
/** Longest a round's runs may take, faults included, before the soak gives up. */
const ROUND_LIMIT_MS = 6 * 60_000;
const SWEEP_EVERY_MS = 20_000;
/** The runs start this long before the sandbox's midnight: both read on either side of it. */
const MIDNIGHT_LEAD_S = 1;

export interface LifetimeFigures {
  runs: Record<string, number>;
  changes: Record<string, number>;
  faults: FaultFigures;
  /** Longest time from a restart to every run it cut off having finished. */
  longestRecoveryMs: number;
  midnight: { before: number; after: number; runs: string[]; spans: string[] } | null;
}

export interface Lifetime {
  profile: Profile;
  random: () => number;
  sandbox: Sandbox;
  stack: LocalStack;
  service: Service;
  courier: Courier;
  /** Notes and messages sent through the API meanwhile, checked once each at the end. */
  writes: OutboxWrites;
  figures: LifetimeFigures;
  log: (line: string) => void;
  /** Recovery timings still waiting for their cut-off runs. */
  recoveries: Promise<void>[];
  /** Companies the sandbox deleted over the lifetime (it keeps no trace of them). */
  deletedCompanies: Set<string>;
  /** The sandbox's company scrolls as watched (scroll-watch.ts). */
  scrolls: ScrollWatchFigures;
}

/** Runs the three kinds side by side, with changes, webhooks and sweeps going on meanwhile. */
export async function playRound(life: Lifetime, round: Round): Promise<void> {
  const { sandbox, service, figures, random, profile, log } = life;
  const changeLog = (tally: Record<string, number>) => ({
    tally,
    deletedCompanies: life.deletedCompanies,
  });
  await changeBatch(sandbox, profile.changesPerBatch, random, changeLog(figures.changes));
  let midnight = 0;
  if (round.midnight) {
    const now = sandbox.now();
    midnight = Math.ceil(now / DAY) * DAY;
    const offset = sandbox.knobs().clockOffsetSeconds + (midnight - MIDNIGHT_LEAD_S - now);
    sandbox.setKnobs({ clockOffsetSeconds: offset });
    log(
      `  sandbox clock set to ${new Date((midnight - MIDNIGHT_LEAD_S) * 1000).toISOString()} (midnight in ${MIDNIGHT_LEAD_S} s)`,
    );
  }
  armBeforeRuns(round.fault, sandbox, figures.faults);
  const deadline = Date.now() + ROUND_LIMIT_MS;
  const plan: Array<[Kind, Mode]> = [
    ["contacts", round.contacts],
    ["conversations", round.conversations],
    ["companies", round.companies],
  ];
  const ids = await Promise.all(plan.map(([k, m]) => service.startRun(k, m, deadline)));
  log(`  started ${plan.map(([k, m], i) => `${m} ${k} ${ids[i]?.slice(0, 8)}`).join(", ")}`);
  let done = false;
  const background = backgroundWork(life, () => done);
  const during = (async () => {
    if (round.midnight) {
      // Changes on both sides of the sandbox's midnight while the runs read.
      const before = figures.midnight ?? { before: 0, after: 0, runs: ids, spans: [] };
      figures.midnight = before;
      for (let i = 0; i < 8; i++) {
        const early = sandbox.now() < midnight;
        const tally: Record<string, number> = {};
        await changeBatch(
          sandbox,
          Math.ceil(profile.changesPerBatch / 3),
          random,
          changeLog(tally),
        );
        const n = Object.values(tally).reduce((a, b) => a + b, 0);
        if (early) before.before += n;
        else before.after += n;
        for (const [k, v] of Object.entries(tally))
          figures.changes[k] = (figures.changes[k] ?? 0) + v;
        await sleep(2000);
      }
      return;
    }
    await sleep(300 + random() * 2500);
    await changeBatch(
      sandbox,
      Math.ceil(profile.changesPerBatch / 2),
      random,
      changeLog(figures.changes),
    );
  })();
  if (round.fault) {
    await sleep(500 + random() * 3000);
    const cutOff = await service.running();
    const { restarted } = await inject(
      round.fault,
      life.stack,
      sandbox,
      figures.faults,
      profile.name === "quick" ? 2500 : 5000,
      log,
    );
    if (round.fault === "kill-worker" || round.fault === "kill-stack")
      life.courier.redeliverAfterKill();
    if (restarted) life.recoveries.push(timeRecovery(life, cutOff, Date.now(), deadline));
  }
  await during;
  try {
    await waitForRuns(life, ids, deadline);
  } finally {
    done = true;
    await background;
  }
  const statuses = await service.statusOf(ids);
  if (round.midnight && figures.midnight) figures.midnight.spans = await sandboxSpans(life, ids);
  plan.forEach(([kind, mode], i) => {
    const key = `${kind} ${mode} ${statuses.get(ids[i] ?? "") ?? "?"}`;
    figures.runs[key] = (figures.runs[key] ?? 0) + 1;
  });
  log(`  finished: ${[...statuses.values()].join(", ")}; webhooks waiting ${life.courier.backlog}`);
}

/** Webhook deliveries every second and the minute cron's sweep, until `stop()`. */
async function backgroundWork(life: Lifetime, stop: () => boolean) {
  let lastSweep = Date.now();
  while (!stop()) {
    life.writes.tick();
    await life.courier.flush();
    if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
      lastSweep = Date.now();
      await life.service.sweep();
    }
    await sleep(1000);
  }
}

export async function waitForRuns(life: Lifetime, ids: readonly string[], deadline: number) {
  let progress = "";
  let since = Date.now();
  while (Date.now() < deadline) {
    const statuses = await life.service.statusOf(ids);
    if ([...statuses.values()].every((s) => s !== "running") && statuses.size === ids.length)
      return;
    const now = await life.service.progressOf(ids);
    if (now !== progress) {
      progress = now;
      since = Date.now();
    } else if (Date.now() - since > 30_000) {
      life.log(`  no progress for 30 s: ${now}`);
      since = Date.now();
    }
    await sleep(500);
  }
  throw new Error(`runs ${ids.join(", ")} still running after ${ROUND_LIMIT_MS / 1000} s`);
}

async function timeRecovery(
  life: Lifetime,
  cutOff: string[],
  restartedAt: number,
  deadline: number,
) {
  await waitForRuns(life, cutOff, deadline).catch(() => undefined);
  const ms = Date.now() - restartedAt;
  life.figures.longestRecoveryMs = Math.max(life.figures.longestRecoveryMs, ms);
  life.log(`  cut-off runs finished ${(ms / 1000).toFixed(1)} s after the restart`);
}

/** Faults off, every held webhook delivered and applied: what the final runs start from. */
export async function deliverEverything(life: Lifetime) {
  life.sandbox.setKnobs({
    faults: {
      rate429: 0,
      rate5xx: 0,
      timeoutRate: 0,
      truncatedRate: 0,
      lostReplyRate: 0,
      scrollNetworkErrorRate: 0,
    },
  });
  const ids = life.courier.acknowledgedArchiveIds();
  const { rows } = await life.service.db.query<{ id: string }>(
    "select notification_id as id from webhook_deliveries where notification_id = any($1::text[])",
    [ids],
  );
  const again = life.courier.resendUnstored(new Set(rows.map((r) => r.id)));
  life.log(`  archive notifications acknowledged ${ids.length}, stored ${rows.length}`);
  if (again > 0)
    life.log(`  ${again} archive notifications acknowledged but never stored: sent again`);
  for (let i = 0; i < 20 && life.courier.backlog > 0; i++) {
    await life.courier.flush(true);
    if (life.courier.backlog > 0) await sleep(1000);
  }
  const deadline = Date.now() + 120_000;
  for (let i = 0; Date.now() < deadline; i++) {
    const { rows } = await life.service.db.query<{ n: number }>(
      "select count(*)::int as n from webhook_deliveries where status in ('received', 'failed')",
    );
    if ((rows[0]?.n ?? 0) === 0) return;
    if (i % 10 === 9) await life.service.sweep();
    await sleep(1000);
  }
}

/** Each run's start and end on the sandbox's clock (the Worker records them on the real one). */
async function sandboxSpans(life: Lifetime, ids: readonly string[]) {
  const offsetMs = life.sandbox.knobs().clockOffsetSeconds * 1000;
  const { rows } = await life.service.db.query<{ kind: string; started: string; finished: string }>(
    `select kind, (extract(epoch from started_at) * 1000)::bigint::text as started,
       (extract(epoch from finished_at) * 1000)::bigint::text as finished
     from sync_runs where id = any($1::uuid[]) order by kind`,
    [ids],
  );
  const at = (ms: string) => new Date(Number(ms) + offsetMs).toISOString().slice(11, 23);
  return rows.map((r) => `${r.kind} ${at(r.started)} to ${at(r.finished)}`);
}
