import { and, eq, inArray, sql } from "drizzle-orm";
import { writeFetchedConversations } from "../../conversations/fetched-write.ts";
import { tombstoneConversations } from "../../conversations/tombstone.ts";
import { refreshSupportMetrics } from "../../customers/support.ts";
import type { Database } from "../../db/client.ts";
import { conversations } from "../../db/schema/conversations.ts";
import { type PartJobItem, syncPartJobs, syncRuns } from "../../db/schema/sync.ts";
import { queueFinishIfReady } from "../claim.ts";
import type { ConversationPartsMessage } from "../messages.ts";
import type { ConversationSyncDeps } from "./deps.ts";
import { PART_FETCHES_AT_ONCE, PART_SLICE_CHARS } from "./plan.ts";
import { fetchSlice } from "./slice.ts";

export interface PartsResult {
  /** `continue`: the byte budget was passed and the rest of the job was queued again. */
  kind: "done" | "continue" | "stale";
  /** Conversations this delivery fetched (or found gone), and the characters it held. */
  fetched: number;
  chars: number;
}

const STALE: PartsResult = { kind: "stale", fetched: 0, chars: 0 };

/**
 * Fetches the parts of a job's conversations, PART_FETCHES_AT_ONCE at a time, skipping any
 * whose stored parts already cover the version the page saw (another run, or an earlier
 * delivery, got there first). No fetch starts that would take the answers held past the
 * byte budget (src/sync/conversations/slice.ts): what was fetched is written, the job keeps
 * only the conversations not yet fetched, and its message is queued again for them. Each
 * write is guarded by the job's list as it was read and the job flips to done with its last
 * one, in the same transaction as the parts, so counters move once however often (or however
 * concurrently) the message arrives.
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
  if (!state || state.job.done || state.run.status !== "running") return STALE;
  const { job, run } = state;
  const todo = await stillToFetch(deps.db, run.workspaceId, job.conversations);
  const slice = await fetchSlice(deps.client, todo, {
    chars: deps.partSliceChars ?? PART_SLICE_CHARS,
    atOnce: PART_FETCHES_AT_ONCE,
  });
  const waiting = new Set(slice.rest);
  const rest = job.conversations.filter((item) => waiting.has(item.id));
  const now = deps.clock.now();
  const alerts = await deps.db.transaction(async (tx) => {
    const [moved] = await tx
      .update(syncPartJobs)
      .set(rest.length ? { conversations: rest, updatedAt: now } : { done: true, updatedAt: now })
      .where(
        and(
          eq(syncPartJobs.runId, run.id),
          eq(syncPartJobs.key, job.key),
          eq(syncPartJobs.done, false),
          // Unchanged since it was read: no other delivery wrote any of it meanwhile.
          sql`${syncPartJobs.conversations} = ${JSON.stringify(job.conversations)}::jsonb`,
        ),
      )
      .returning({ key: syncPartJobs.key });
    if (!moved) return null;
    const result = await writeFetchedConversations(
      tx,
      run.workspaceId,
      slice.fetched,
      now,
      deps.mentionsCancel,
    );
    await tombstoneConversations(
      tx,
      slice.gone.map((id) => ({
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
        partFetches: sql`${syncRuns.partFetches} + ${slice.fetched.length + slice.gone.length}`,
        tombstoned: sql`${syncRuns.tombstoned} + ${slice.gone.length}`,
        rateLimited: sql`${syncRuns.rateLimited} + ${deps.rateLimited?.() ?? 0}`,
      })
      .where(eq(syncRuns.id, run.id));
    return refreshSupportMetrics(tx, run.workspaceId, { contactIds: result.contactIds }, now);
  });
  if (alerts === null) return STALE;
  if (alerts.length) await deps.onAlerts(alerts);
  const outcome = { fetched: slice.fetched.length + slice.gone.length, chars: slice.chars };
  if (rest.length) {
    // The same message: whichever delivery comes next fetches what the job still lists.
    await deps.queue.send(message);
    return { kind: "continue", ...outcome };
  }
  await queueFinishIfReady(deps.db, deps.queue, run.id, deps.clock.now());
  return { kind: "done", ...outcome };
}

/** The job's conversations whose stored parts are older than the version the page saw. */
async function stillToFetch(
  db: Database,
  workspaceId: string,
  items: readonly PartJobItem[],
): Promise<string[]> {
  const stored = await db
    .select({
      id: conversations.id,
      partsStoredFor: conversations.partsStoredFor,
      deletedAt: conversations.deletedAt,
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        inArray(
          conversations.id,
          items.map((c) => c.id),
        ),
      ),
    );
  const byId = new Map(stored.map((s) => [s.id, s]));
  return items
    .filter((item) => {
      const row = byId.get(item.id);
      if (!row || row.deletedAt) return false;
      return !row.partsStoredFor || row.partsStoredFor.getTime() < item.updatedAt * 1000;
    })
    .map((item) => item.id);
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
