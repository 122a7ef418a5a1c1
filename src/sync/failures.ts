import { and, desc, eq, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/client.ts";
import { syncFailures, syncPartitions, syncPartJobs, syncRuns } from "../db/schema/sync.ts";
import { messageKey, type SyncMessage } from "./messages.ts";

/**
 * Records a message that failed for good (dead-lettered, refused by Intercom, or stopped by
 * the page guard) once, and settles what it stood for: a page or step ends its partition as
 * failed, a part job ends failed, a contact step fails its run too. Returns false when it was
 * already recorded.
 */
export async function recordSyncFailure(
  db: Database,
  message: SyncMessage,
  error: string,
  now: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [recorded] = await tx
      .insert(syncFailures)
      .values({
        runId: message.runId,
        messageKey: messageKey(message),
        message,
        error,
        recordedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: syncFailures.id });
    if (!recorded) return false;
    await tx
      .update(syncRuns)
      .set({
        failures: sql`${syncRuns.failures} + 1`,
        errors: sql`${syncRuns.errors} + 1`,
        lastError: `${messageKey(message)}: ${error}`,
        // A contact step, a company scroll or a finish slice cannot be left out: the run
        // ends failed.
        ...(message.kind === "sync.contacts.step" ||
        message.kind === "sync.companies.page" ||
        message.kind === "sync.finish"
          ? { status: "failed" as const, finishedAt: now }
          : {}),
      })
      .where(and(eq(syncRuns.id, message.runId), eq(syncRuns.status, "running")));
    if (message.kind === "sync.conversations.page" || message.kind === "sync.contacts.step")
      await tx
        .update(syncPartitions)
        .set({ done: true, failed: true, updatedAt: now })
        .where(
          and(
            eq(syncPartitions.runId, message.runId),
            eq(syncPartitions.partition, message.partition),
          ),
        );
    if (message.kind === "sync.conversations.parts")
      await tx
        .update(syncPartJobs)
        .set({ done: true, failed: true, lastError: error, updatedAt: now })
        .where(
          and(
            eq(syncPartJobs.runId, message.runId),
            eq(syncPartJobs.key, message.key),
            eq(syncPartJobs.done, false),
          ),
        );
    return true;
  });
}

/**
 * What a dead-lettered message is recorded with: its retries ran out, after the last error its
 * run saw (the queue keeps none of the message's own).
 */
export async function retriesExhausted(db: Executor, runId: string): Promise<string> {
  const [run] = await db
    .select({ lastError: syncRuns.lastError })
    .from(syncRuns)
    .where(eq(syncRuns.id, runId));
  return `retries exhausted${run?.lastError ? `: ${run.lastError}` : ""}`;
}

/** A retryable failure: counted on the run, and its error kept as the run's last. */
export async function noteRetry(db: Database, runId: string, error: string): Promise<void> {
  await db
    .update(syncRuns)
    .set({ errors: sql`${syncRuns.errors} + 1`, lastError: error })
    .where(eq(syncRuns.id, runId))
    .catch(() => {});
}

/** What failed for good in a run, newest first: what its views and the dashboard list. */
export async function runFailures(db: Executor, runId: string, limit = 20) {
  return db
    .select({
      messageKey: syncFailures.messageKey,
      error: syncFailures.error,
      recordedAt: syncFailures.recordedAt,
    })
    .from(syncFailures)
    .where(eq(syncFailures.runId, runId))
    .orderBy(desc(syncFailures.recordedAt))
    .limit(limit);
}
