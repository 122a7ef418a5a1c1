import type { LocalStack } from "../../dev/stack.ts";
import type { Sandbox } from "../../sandbox/server.ts";
import type { Fault } from "./profile.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FaultFigures {
  workerKills: number;
  stackKills: number;
  postgresRestarts: number;
  postgresKills: number;
  intercomWindows: Record<string, number>;
  restarts: number;
}

export const noFaults = (): FaultFigures => ({
  workerKills: 0,
  stackKills: 0,
  postgresRestarts: 0,
  postgresKills: 0,
  intercomWindows: {},
  restarts: 0,
});

/**
 * Lost replies (a write applied, its answer never back) go on all through the lifetime: only
 * writes lose them, and only the outbox writes (scripts/perf/soak/writes.ts), so the syncs and the
 * comparison are untouched. Its window raises the rate.
 */
export const BACKGROUND_LOST_REPLIES = 0.1;
const INTERCOM_WINDOWS = [
  { name: "5xx 30 %", faults: { rate5xx: 0.3 } },
  { name: "429 burst", faults: { rate429: 0.6 } },
  { name: "timeouts", faults: { timeoutRate: 0.02 } },
  { name: "truncated bodies", faults: { truncatedRate: 0.1 } },
  { name: "lost replies 30 %", faults: { lostReplyRate: 0.3 } },
] as const;
/**
 * Intercom's documented scroll failure (a 500 "restart the scroll operation", the scroll dead
 * yet holding the workspace's lock until it expires), on a share of the company scroll's
 * calls all through the Intercom round. From before its runs start: a quick profile's scroll
 * is read within a second or two, before the first window opens. A hit costs the company run
 * a minute: it opens a new scroll at once, is refused while the dead one holds the lock, and
 * waits (src/sync/companies/scroll.ts OPEN_SCROLL_WAIT_MS).
 */
const SCROLL_ERRORS = { name: "scroll 500s 10 %", rate: 0.1 } as const;
const CLEAR = {
  rate429: 0,
  rate5xx: 0,
  timeoutRate: 0,
  truncatedRate: 0,
  lostReplyRate: BACKGROUND_LOST_REPLIES,
  scrollNetworkErrorRate: 0,
};

/** What a round's fault sets up before its runs start. */
export function armBeforeRuns(fault: Fault | null, sandbox: Sandbox, figures: FaultFigures) {
  if (fault !== "intercom-faults") return;
  sandbox.setKnobs({ faults: { scrollNetworkErrorRate: SCROLL_ERRORS.rate } });
  figures.intercomWindows[SCROLL_ERRORS.name] =
    (figures.intercomWindows[SCROLL_ERRORS.name] ?? 0) + 1;
}

/**
 * Breaks something while runs are going, then brings it back. Returns when the service is up
 * again (for the restart-to-recovery figure), or when the Intercom fault windows are over.
 */
export async function inject(
  fault: Fault,
  stack: LocalStack,
  sandbox: Sandbox,
  figures: FaultFigures,
  windowMs: number,
  log: (line: string) => void,
): Promise<{ restarted: boolean }> {
  const postgres = stack.postgres;
  if (!postgres && fault !== "intercom-faults" && fault !== "kill-worker")
    throw new Error("the soak needs the embedded Postgres to restart it");
  switch (fault) {
    case "kill-worker": {
      log(`  fault: SIGKILL wrangler dev + workerd (pids ${stack.worker.pids().join(",")})`);
      await stack.worker.kill();
      figures.workerKills += 1;
      await sleep(500);
      await stack.worker.start();
      figures.restarts += 1;
      return { restarted: true };
    }
    case "kill-stack": {
      log("  fault: SIGKILL of the whole stack (Worker and Postgres)");
      await Promise.all([stack.worker.kill(), postgres?.kill()]);
      figures.stackKills += 1;
      await sleep(500);
      await startAgain(postgres);
      await stack.worker.start();
      figures.restarts += 1;
      return { restarted: true };
    }
    case "restart-postgres":
    case "kill-postgres": {
      const clean = fault === "restart-postgres";
      log(`  fault: Postgres ${clean ? "clean restart" : "SIGKILL and restart"}`);
      await (clean ? postgres?.stop() : postgres?.kill());
      if (clean) figures.postgresRestarts += 1;
      else figures.postgresKills += 1;
      await sleep(1500);
      await startAgain(postgres);
      figures.restarts += 1;
      return { restarted: true };
    }
    case "intercom-faults": {
      for (const window of INTERCOM_WINDOWS) {
        log(`  fault: Intercom ${window.name} for ${(windowMs / 1000).toFixed(0)} s`);
        sandbox.setKnobs({
          faults: { ...CLEAR, scrollNetworkErrorRate: SCROLL_ERRORS.rate, ...window.faults },
        });
        figures.intercomWindows[window.name] = (figures.intercomWindows[window.name] ?? 0) + 1;
        await sleep(windowMs);
      }
      sandbox.setKnobs({ faults: CLEAR });
      return { restarted: false };
    }
  }
}

/**
 * Postgres again after a kill. Its backends notice the postmaster's death a moment after it,
 * and until the last one exits a new server refuses the data folder ("pre-existing shared
 * memory block is still in use"): a few tries, a second apart.
 */
async function startAgain(postgres: LocalStack["postgres"]) {
  for (let attempt = 1; ; attempt++) {
    try {
      await postgres?.start();
      return;
    } catch (error) {
      if (attempt >= 10) throw error;
      await sleep(1000);
    }
  }
}
