import { eq, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { syncPartitions, syncPartJobs, syncRuns } from "../db/schema/sync.ts";
import { runFailures } from "./failures.ts";
import { runTotals } from "./runs.ts";

/** A run with live progress: pages and records done, rate, and time left where the total is known. */
export async function runWithProgress(db: Executor, runId: string, now: Date) {
  const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
  if (!run) return null;
  const partitions = await db.select().from(syncPartitions).where(eq(syncPartitions.runId, runId));
  const records = partitions.reduce((sum, p) => sum + p.records, 0);
  const known = partitions.every((p) => p.total !== null || p.done);
  const total = known
    ? partitions.reduce((sum, p) => sum + (p.done ? p.records : (p.total ?? 0)), 0)
    : null;
  const elapsed = ((run.finishedAt ?? now).getTime() - run.startedAt.getTime()) / 1000;
  const rate = elapsed > 0 ? records / elapsed : 0;
  const left =
    total !== null && rate > 0 && run.status === "running"
      ? Math.max(0, (total - records) / rate)
      : null;
  const partJobs = run.kind === "conversations" ? await partJobsOf(db, runId) : null;
  return {
    run: runTotals(run),
    progress: {
      partJobs,
      partitions: partitions.length,
      partitionsDone: partitions.filter((p) => p.done).length,
      pagesDone: partitions.reduce((sum, p) => sum + p.pages, 0),
      recordsDone: records,
      recordsTotal: total,
      recordsPerSecond: Math.round(rate * 10) / 10,
      secondsLeft: left === null ? null : Math.round(left),
    },
  };
}

export type RunProgress = NonNullable<Awaited<ReturnType<typeof runWithProgress>>>;

/** Part jobs of a conversation run, and the failures recorded for it. */
async function partJobsOf(db: Executor, runId: string) {
  const [jobs] = await db
    .select({
      total: sql<number>`count(*)::int`,
      done: sql<number>`(count(*) filter (where ${syncPartJobs.done}))::int`,
      failed: sql<number>`(count(*) filter (where ${syncPartJobs.failed}))::int`,
    })
    .from(syncPartJobs)
    .where(eq(syncPartJobs.runId, runId));
  const failures = await runFailures(db, runId);
  return {
    total: jobs?.total ?? 0,
    done: jobs?.done ?? 0,
    failed: jobs?.failed ?? 0,
    failures,
  };
}
