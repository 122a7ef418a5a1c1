import { sql } from "drizzle-orm";
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
import type { ConversationPageMessage } from "../messages.ts";
import { searchQueryFor } from "../plan.ts";
import { inRange } from "../range.ts";
import type { ConversationSyncDeps } from "./deps.ts";
import { PARTS_PER_JOB } from "./plan.ts";

export type PageResult = "continue" | "partition_done" | "stale";

/**
 * Writes one search page of a partition with its checkpoint (guarded by the page number, so
 * a duplicate or late message changes nothing), records which conversations need their parts
 * as part jobs in the same transaction, then queues those jobs and the partition's next page.
 * Statistics and ratings come with the page: no call per conversation for them.
 */
export async function runConversationPage(
  message: ConversationPageMessage,
  deps: ConversationSyncDeps,
): Promise<PageResult> {
  const state = await partitionAtPage(deps.db, message);
  if (!state) return "stale";
  const { run, partition } = state;
  const page = await deps.client.searchConversationsPage(
    searchQueryFor(partition, run.since),
    partition.cursor,
  );
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
  if (!outcome) return "stale";
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
    return "continue";
  }
  await queueFinishIfReady(deps.db, deps.queue, run.id, deps.clock.now());
  return "partition_done";
}

/**
 * One statement: the page's conversations whose stored parts are older than their
 * `updated_at`, in jobs of PARTS_PER_JOB. Keys derive from the page, so a re-run of the same
 * page (after a crash before commit) makes the same jobs.
 */
async function createPartJobs(
  tx: Executor,
  run: { id: string; workspaceId: string },
  prefix: string,
  ids: string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const result = await tx.execute(sql`
    insert into ${syncPartJobs} (run_id, key, conversations)
    select ${run.id}, ${prefix} || s.batch::text,
      jsonb_agg(jsonb_build_object('id', s.id, 'updatedAt', s.updated_at) order by s.id)
    from (
      select c.id, extract(epoch from c.intercom_updated_at)::bigint as updated_at,
        (row_number() over (order by c.id) - 1) / ${PARTS_PER_JOB} as batch
      from ${conversations} c
      where c.workspace_id = ${run.workspaceId} and c.id = any(${textArray(ids)})
        and c.deleted_at is null
        and (c.parts_stored_for is null or c.parts_stored_for < c.intercom_updated_at)
    ) s
    group by s.batch
    on conflict do nothing
    returning key`);
  return (result.rows as Array<{ key: string }>).map((r) => r.key);
}
