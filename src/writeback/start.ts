import { and, eq, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/client.ts";
import { type WritebackTrigger, writebackRuns } from "../db/schema/writeback.ts";
import { AppError } from "../shared/errors.ts";
import type { WritebackPlanMessage } from "./plan.ts";

export interface WritebackStartDeps {
  db: Database;
  queue: Queue<WritebackPlanMessage>;
  workspaceId: string;
  now: Date;
  /** Called in the transaction that creates the run (an operator's start is audited there). */
  onStarted?: (tx: Executor, run: { id: string }) => Promise<void>;
}

export type StartedWriteback = typeof writebackRuns.$inferSelect;

/**
 * Starts a write-back run, dry or real, unless one is planning (409 with its id; the partial
 * unique index decides races). A run that is only waiting for its writes does not stop a new
 * one: the new one compares with what those writes will leave. A lost first message is found
 * by the minute's sweep (src/writeback/resume.ts).
 */
export async function startWriteback(
  dryRun: boolean,
  trigger: WritebackTrigger,
  deps: WritebackStartDeps,
): Promise<StartedWriteback> {
  const at = deps.now;
  const run = await deps.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(writebackRuns)
      .values({ workspaceId: deps.workspaceId, dryRun, trigger, createdAt: at, updatedAt: at })
      .onConflictDoNothing({
        target: writebackRuns.workspaceId,
        where: sql`${writebackRuns.status} = 'planning'`,
      })
      .returning();
    if (created) await deps.onStarted?.(tx, created);
    return created;
  });
  if (!run) {
    const [planning] = await deps.db
      .select({ id: writebackRuns.id })
      .from(writebackRuns)
      .where(
        and(eq(writebackRuns.workspaceId, deps.workspaceId), eq(writebackRuns.status, "planning")),
      );
    throw new AppError(
      "conflict",
      `a write-back run is already planning (${planning?.id ?? "unknown"})`,
    );
  }
  await deps.queue.send({ kind: "writeback.plan", runId: run.id, slice: 0 });
  return run;
}
