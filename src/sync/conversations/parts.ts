import { and, eq, inArray, sql } from "drizzle-orm";
import { writeFetchedConversations } from "../../conversations/fetched-write.ts";
import { tombstoneConversations } from "../../conversations/write.ts";
import { refreshSupportMetrics } from "../../customers/support.ts";
import type { Database } from "../../db/client.ts";
import { conversations } from "../../db/schema/conversations.ts";
import { syncPartJobs, syncRuns } from "../../db/schema/sync.ts";
import { IntercomError } from "../../intercom/errors.ts";
import type { IntercomConversationWithParts } from "../../intercom/operations/conversations.ts";
import { queueFinishIfReady } from "../claim.ts";
import type { ConversationPartsMessage } from "../messages.ts";
import type { ConversationSyncDeps } from "./deps.ts";

export type PartsResult = "done" | "stale";

/**
 * Fetches the parts of a job's conversations, side by side, skipping any whose stored parts
 * already cover the version the page saw (another run, or an earlier delivery, got there
 * first). The job flips to done in the same transaction as the parts, so its counters move
 * once however often the message arrives.
 */
export async function runPartJob(
  message: ConversationPartsMessage,
  deps: ConversationSyncDeps,
): Promise<PartsResult> {
  const [state] = await deps.db
    .select({ job: syncPartJobs, run: syncRuns })
    .from(syncPartJobs)
    .innerJoin(syncRuns, eq(syncRuns.id, syncPartJobs.runId))
    .where(and(eq(syncPartJobs.runId, message.runId), eq(syncPartJobs.key, message.key)));
  if (!state || state.job.done || state.run.status !== "running") return "stale";
  const { job, run } = state;
  const stored = await deps.db
    .select({
      id: conversations.id,
      partsStoredFor: conversations.partsStoredFor,
      deletedAt: conversations.deletedAt,
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, run.workspaceId),
        inArray(
          conversations.id,
          job.conversations.map((c) => c.id),
        ),
      ),
    );
  const byId = new Map(stored.map((s) => [s.id, s]));
  const todo = job.conversations.filter((item) => {
    const row = byId.get(item.id);
    if (!row || row.deletedAt) return false;
    return !row.partsStoredFor || row.partsStoredFor.getTime() < item.updatedAt * 1000;
  });
  const fetched: IntercomConversationWithParts[] = [];
  const gone: string[] = [];
  await Promise.all(
    todo.map(async ({ id }) => {
      try {
        fetched.push(await deps.client.getConversation(id));
      } catch (error) {
        // Deleted since the page listed it: the sweep would find it too; do it now.
        if (error instanceof IntercomError && error.status === 404) gone.push(id);
        else throw error;
      }
    }),
  );
  const now = deps.clock.now();
  const alerts = await deps.db.transaction(async (tx) => {
    const [flipped] = await tx
      .update(syncPartJobs)
      .set({ done: true, updatedAt: now })
      .where(
        and(
          eq(syncPartJobs.runId, run.id),
          eq(syncPartJobs.key, job.key),
          eq(syncPartJobs.done, false),
        ),
      )
      .returning({ key: syncPartJobs.key });
    if (!flipped) return null;
    const result = await writeFetchedConversations(
      tx,
      run.workspaceId,
      fetched,
      now,
      deps.mentionsCancel,
    );
    await tombstoneConversations(
      tx,
      gone.map((id) => ({
        workspaceId: run.workspaceId,
        id,
        deletedAt: now,
        writtenAt: now,
        writtenFrom: "sync" as const,
      })),
    );
    await tx
      .update(syncRuns)
      .set({
        parts: sql`${syncRuns.parts} + ${result.parts}`,
        partFetches: sql`${syncRuns.partFetches} + ${todo.length}`,
        tombstoned: sql`${syncRuns.tombstoned} + ${gone.length}`,
        rateLimited: sql`${syncRuns.rateLimited} + ${deps.rateLimited?.() ?? 0}`,
      })
      .where(eq(syncRuns.id, run.id));
    return refreshSupportMetrics(tx, run.workspaceId, { contactIds: result.contactIds }, now);
  });
  if (alerts === null) return "stale";
  if (alerts.length) await deps.onAlerts(alerts);
  await queueFinishIfReady(deps.db, deps.queue, run.id, deps.clock.now());
  return "done";
}

/** A part job's retryable failure, kept on the job for the operator (best effort). */
export async function notePartJobError(
  db: Database,
  message: ConversationPartsMessage,
  error: string,
  now: Date,
): Promise<void> {
  await db
    .update(syncPartJobs)
    .set({ lastError: error, updatedAt: now })
    .where(and(eq(syncPartJobs.runId, message.runId), eq(syncPartJobs.key, message.key)))
    .catch(() => {});
}
