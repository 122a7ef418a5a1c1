import { and, eq, inArray, sql } from "drizzle-orm";
import { PART_CAP, writeFetchedConversations } from "../../conversations/fetched-write.ts";
import { tombstoneConversations } from "../../conversations/tombstone.ts";
import { refreshSupportMetrics } from "../../customers/support.ts";
import type { Database } from "../../db/client.ts";
import { conversations } from "../../db/schema/conversations.ts";
import { type PartJobItem, syncPartJobs, syncRuns } from "../../db/schema/sync.ts";
import type { IntercomConversationWithParts } from "../../intercom/operations/conversations.ts";
import { queueFinishIfReady } from "../claim.ts";
import { recordSyncFailure } from "../failures.ts";
import type { ConversationPartsMessage } from "../messages.ts";
import { type Checkpoint, guardPage, type PageRead, type Trip } from "../page-guard.ts";
import type { ConversationSyncDeps } from "./deps.ts";
import { PART_FETCHES_AT_ONCE, PART_SLICE_CHARS } from "./plan.ts";
import { fetchSlice } from "./slice.ts";

export interface PartsResult {
  /**
   * `continue`: the byte budget was passed and the rest of the job was queued again.
   * `tripped`: an answer held more parts than Intercom counts (the page guard): the job ends
   * failed with nothing of its slice written.
   */
  kind: "done" | "continue" | "stale" | "tripped";
  /** Conversations this delivery fetched (or found gone), and the characters it held. */
  fetched: number;
  chars: number;
  trip?: Trip;
}

const STALE: PartsResult = { kind: "stale", fetched: 0, chars: 0 };

/**
 * The part guard's floor of slack: an answer's statistics are counted with its parts (every
 * captured answer: `count_conversation_parts` = parts + 1), so they differ only by parts added
 * while Intercom put the answer together. A tenth of the 500-part cap is far more than that
 * instant adds, and keeps any answer to at most 550 part rows whatever it claims.
 */
const PART_SLACK = PART_CAP / 10;

/**
 * One answer's parts as a page of a chain of one: its total is what the statistics count
 * (less the opening message), never more than Intercom's cap, and the cap when it counts none.
 * `conversation_parts.total_count` is no bound: real answers set it to the parts returned.
 */
function partsRead(c: IntercomConversationWithParts): PageRead {
  const counted = c.statistics?.count_conversation_parts;
  return {
    records: c.conversation_parts?.conversation_parts.length ?? 0,
    next: null,
    total: typeof counted === "number" ? Math.min(PART_CAP, Math.max(0, counted - 1)) : PART_CAP,
    perPage: PART_CAP,
    minSlack: PART_SLACK,
  };
}

const FIRST: Checkpoint = { pages: 0, records: 0, total: null, cursor: null };

/** The first answer the page guard stops, named by its conversation (an id, no data). */
function partsPastCount(fetched: readonly IntercomConversationWithParts[]): Trip | null {
  for (const c of fetched) {
    const verdict = guardPage(FIRST, partsRead(c));
    if (verdict.stop)
      return {
        rule: verdict.rule,
        page: verdict.page,
        reason: `conversation ${c.id}: ${verdict.reason}`,
      };
  }
  return null;
}

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
  const runaway = partsPastCount(slice.fetched);
  if (runaway) {
    await recordSyncFailure(deps.db, message, runaway.reason, deps.clock.now());
    await queueFinishIfReady(deps.db, deps.queue, run.id, deps.clock.now());
    return { kind: "tripped", fetched: 0, chars: slice.chars, trip: runaway };
  }
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
