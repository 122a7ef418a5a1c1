import { and, desc, eq, getTableColumns, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { afterKey, exactText, type PageKey } from "../db/keyset.ts";
import { type SyncKind, type SyncRun, syncRuns } from "../db/schema/sync.ts";

export async function runningRun(db: Executor, workspaceId: string, kind: SyncKind = "contacts") {
  const [row] = await db
    .select()
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.workspaceId, workspaceId),
        eq(syncRuns.kind, kind),
        eq(syncRuns.status, "running"),
      ),
    );
  return row ?? null;
}

export async function failRun(db: Executor, runId: string, error: string, now: Date) {
  await db
    .update(syncRuns)
    .set({
      status: "failed",
      finishedAt: now,
      lastError: error,
      errors: sql`${syncRuns.errors} + 1`,
    })
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, "running")));
}

/** Counts what a finish slice tombstoned on its run; the run as it now stands. */
export async function addTombstoned(
  db: Executor,
  runId: string,
  tombstoned: number,
): Promise<SyncRun | null> {
  const [row] = await db
    .update(syncRuns)
    .set({ tombstoned: sql`${syncRuns.tombstoned} + ${tombstoned}` })
    .where(eq(syncRuns.id, runId))
    .returning();
  return row ?? null;
}

/** A run's counters with what is derived from them: mean quality, duration so far. */
export function runTotals(run: SyncRun, now: Date = new Date()) {
  const seconds = ((run.finishedAt ?? now).getTime() - run.startedAt.getTime()) / 1000;
  return {
    ...run,
    averageQuality: run.customersWritten
      ? Math.round((run.qualitySum / run.customersWritten) * 10) / 10
      : null,
    durationSeconds: Math.round(seconds * 10) / 10,
  };
}

export type RunTotals = ReturnType<typeof runTotals>;

/** Newest first; `after` is `[started_at, id]` of the row before. */
export async function listRuns(db: Executor, workspaceId: string, limit: number, after?: PageKey) {
  return db
    .select({ ...getTableColumns(syncRuns), at: exactText(syncRuns.startedAt) })
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.workspaceId, workspaceId),
        afterKey([syncRuns.startedAt, syncRuns.id], after),
      ),
    )
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
    .limit(limit);
}
