import { sql } from "drizzle-orm";
import { PART_CAP } from "../../conversations/fetched-write.ts";
import { contactIdsOf, toConversationRow } from "../../conversations/transform.ts";
import { upsertConversations } from "../../conversations/write.ts";
import { refreshSupportMetrics } from "../../customers/support.ts";
import type { Executor } from "../../db/client.ts";
import { conversations } from "../../db/schema/conversations.ts";
import { syncPartJobs, syncRuns } from "../../db/schema/sync.ts";
import { textArray } from "../../db/sql.ts";
import { sendAll } from "../../shared/queue-send.ts";
import { partitionAtPage, writePage } from "../checkpoint.ts";
import { queueFinishIfReady } from "../claim.ts";
import { recordSyncFailure } from "../failures.ts";
import type { ConversationPageMessage } from "../messages.ts";
import { checkpointAt, guardPage, pageRead, type Trip } from "../page-guard.ts";
import { searchQueryFor } from "../plan.ts";
import { inRange } from "../range.ts";
import type { ConversationSyncDeps } from "./deps.ts";
import { PART_JOB_PARTS, PARTS_PER_JOB } from "./plan.ts";

type PageResult =
  | { kind: "continue" | "partition_done" | "stale" }
  /** The page guard stopped the partition: recorded as failed, and the run may finish. */
  | { kind: "tripped"; trip: Trip };

const STALE: PageResult = { kind: "stale" };

/**
 * Writes one search page of a partition with its checkpoint (guarded by the page number, so
 * a duplicate or late message changes nothing), records which conversations need their parts
 * as part jobs in the same transaction, then queues those jobs and the partition's next page.
 * Statistics and ratings come with the page: no call per conversation for them. A page the
 * page guard stops is not written: its partition ends failed and nothing more is queued for it.
 */
export async function runConversationPage(
  message: ConversationPageMessage,
  deps: ConversationSyncDeps,
): Promise<PageResult> {
  const state = await partitionAtPage(deps.db, message);
  if (!state) return STALE;
  const { run, partition } = state;
  const search = searchQueryFor(partition, run.since);
  const page = await deps.client.searchConversationsPage(search, partition.cursor);
  const verdict = guardPage(checkpointAt(partition), pageRead(page, search.perPage));
  if (verdict.stop) {
    await recordSyncFailure(deps.db, message, verdict.reason, deps.clock.now());
    await queueFinishIfReady(deps.db, deps.queue, run.id, deps.clock.now());
    return { kind: "tripped", trip: verdict };
  }
  const now = deps.clock.now();
  const written = { at: now, from: "sync" as const };
  // A ranged run searches whole days around its range: only what lies inside is written.
  const items = page.items.filter((c) => inRange(run, c.created_at));
  const rows = items.map((c) =>
    toConversationRow(run.workspaceId, c, written, deps.mentionsCancel),
  );
  const newest = items.reduce((max, c) => Math.max(max, c.updated_at), 0);
  const outcome = await writePage(
    deps.db,
    {
      run,
      partition,
      page: message.page,
      next: page.next,
      totalCount: page.totalCount,
      records: page.items.length,
      newest,
      now,
    },
    async (tx) => {
      await upsertConversations(tx, rows);
      const jobs = await createPartJobs(
        tx,
        run,
        `${partition.partition}:${message.page}:`,
        rows.map((r) => r.id),
      );
      const contactIds = contactIdsOf(rows);
      const alerts = await refreshSupportMetrics(tx, run.workspaceId, { contactIds }, now);
      return {
        value: { jobs, alerts },
        counts: [
          [syncRuns.conversationsSynced, rows.length],
          [syncRuns.rateLimited, deps.rateLimited?.() ?? 0],
        ],
      };
    },
  );
  if (!outcome) return STALE;
  if (outcome.alerts.length) await deps.onAlerts(outcome.alerts);
  if (outcome.jobs.length)
    await sendAll(
      deps.queue,
      outcome.jobs.map((key) => ({
        kind: "sync.conversations.parts" as const,
        runId: run.id,
        key,
      })),
    );
  if (page.next) {
    await deps.queue.send({ ...message, page: message.page + 1 });
    return { kind: "continue" };
  }
  await queueFinishIfReady(deps.db, deps.queue, run.id, deps.clock.now());
  return { kind: "partition_done" };
}

/**
 * One statement: the page's conversations whose stored parts are older than their
 * `updated_at`, packed in id order into jobs of at most PARTS_PER_JOB conversations and
 * PART_JOB_PARTS expected parts (what the page's statistics say each answer will hold). Keys
 * derive from the page, so a re-run of the same page (after a crash before commit) makes the
 * same jobs.
 */
async function createPartJobs(
  tx: Executor,
  run: { id: string; workspaceId: string },
  prefix: string,
  ids: string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  // `count_conversation_parts` counts the opening message too; an answer holds at most
  // PART_CAP parts, and as many is assumed when the page said nothing.
  const counted = sql`c.statistics -> 'count_conversation_parts'`;
  // The next conversation starts a job of its own when the current one is full either way.
  const fresh = sql`(p.size >= ${PARTS_PER_JOB}::int or p.total + t.parts > ${PART_JOB_PARTS}::int)`;
  const result = await tx.execute(sql`
    with recursive todo as (
      select c.id, extract(epoch from c.intercom_updated_at)::bigint as updated_at,
        least(${PART_CAP}::int, greatest(0, coalesce(
          case when jsonb_typeof(${counted}) = 'number' then floor((${counted})::numeric)::int - 1 end,
          ${PART_CAP}::int))) as parts,
        row_number() over (order by c.id) as n
      from ${conversations} c
      where c.workspace_id = ${run.workspaceId} and c.id = any(${textArray(ids)})
        and c.deleted_at is null
        and (c.parts_stored_for is null or c.parts_stored_for < c.intercom_updated_at)
    ), packed as (
      select n, 0 as batch, 1 as size, parts as total from todo where n = 1
      union all
      select t.n, p.batch + case when ${fresh} then 1 else 0 end,
        case when ${fresh} then 1 else p.size + 1 end,
        case when ${fresh} then t.parts else p.total + t.parts end
      from packed p join todo t on t.n = p.n + 1
    )
    insert into ${syncPartJobs} (run_id, key, conversations)
    select ${run.id}, ${prefix} || p.batch::text,
      jsonb_agg(jsonb_build_object('id', t.id, 'updatedAt', t.updated_at) order by t.id)
    from packed p join todo t on t.n = p.n
    group by p.batch
    on conflict do nothing
    returning key`);
  return (result.rows as Array<{ key: string }>).map((r) => r.key);
}
