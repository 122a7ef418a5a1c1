import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { syncPartitions, syncPartJobs, syncRuns } from "../db/schema/sync.ts";
import type { Services } from "../services.ts";
import { lostBefore } from "../shared/queue-age.ts";
import { sendAll } from "../shared/queue-send.ts";
import { finishContactRunIfDone } from "./contacts/finish.ts";
import { finishConversationRunIfDone } from "./conversations/finish.ts";
import { contactFinishDepsFor, conversationDepsFor } from "./deps.ts";
import type { ContactStepMessage, SyncMessage } from "./messages.ts";
import { abandonedFinishes } from "./runs.ts";

/**
 * The step to send after a failure: from the partition's checkpoint, not the failed message's
 * page (a step may have written some of its pages before failing). Null when nothing is left.
 */
export async function stepFromCheckpoint(
  db: Executor,
  step: ContactStepMessage,
): Promise<ContactStepMessage | null> {
  const [row] = await db
    .select({ pages: syncPartitions.pages, done: syncPartitions.done, status: syncRuns.status })
    .from(syncPartitions)
    .innerJoin(syncRuns, eq(syncRuns.id, syncPartitions.runId))
    .where(and(eq(syncPartitions.runId, step.runId), eq(syncPartitions.partition, step.partition)));
  if (!row || row.done || row.status !== "running") return null;
  return { ...step, page: row.pages };
}

/** No progress for this long means the partition's chain of messages is gone. */
const STALL_MS = 2 * 60 * 1000;
/** Claimed per sweep; the rest wait for the next minute. */
const RESUME_LIMIT = 500;

/**
 * Restarts stalled partitions from their checkpoint, re-sends part jobs nobody finished, and
 * finishes runs whose work is all done but whose finish never ran or died. A chain breaks if
 * the process dies after writing a page but before queuing the next message. Restarting one
 * that was only slow is harmless: the duplicate finds the checkpoint moved (or the job done),
 * and stops.
 */
export async function resumeStalledRuns(services: Services): Promise<number> {
  const now = services.clock.now();
  const cutoff = lostBefore(now, STALL_MS, services.config.LOCAL_QUEUES_STARTED_AT);
  const db = services.db();
  // Claimed by moving `updated_at`, so the next sweep does not send them again before another
  // stall period; in one transaction with the sends, so a failed send leaves them claimable.
  const sent = await db.transaction(async (tx) => {
    const partitions = await tx.execute<{
      run_id: string;
      partition: number;
      pages: number;
      kind: string;
    }>(sql`
      update ${syncPartitions} p set updated_at = ${now}
      from ${syncRuns} r
      where r.id = p.run_id and r.status = 'running' and not p.done and p.updated_at < ${cutoff}
        and (p.run_id, p.partition) in (
          select q.run_id, q.partition from ${syncPartitions} q join ${syncRuns} s on s.id = q.run_id
          where s.status = 'running' and not q.done and q.updated_at < ${cutoff}
          order by q.updated_at limit ${RESUME_LIMIT})
      returning p.run_id, p.partition, p.pages, r.kind`);
    const jobs = await tx
      .update(syncPartJobs)
      .set({ updatedAt: now })
      .where(
        sql`(${syncPartJobs.runId}, ${syncPartJobs.key}) in (
          select j.run_id, j.key from ${syncPartJobs} j join ${syncRuns} r on r.id = j.run_id
          where r.status = 'running' and not j.done and j.updated_at < ${cutoff}
          order by j.updated_at limit ${RESUME_LIMIT})`,
      )
      .returning({ runId: syncPartJobs.runId, key: syncPartJobs.key });
    const messages: SyncMessage[] = [
      ...partitions.rows.map((p) => ({
        kind:
          p.kind === "conversations"
            ? ("sync.conversations.page" as const)
            : ("sync.contacts.step" as const),
        runId: p.run_id,
        partition: Number(p.partition),
        page: Number(p.pages),
      })),
      ...jobs.map((j) => ({ kind: "sync.conversations.parts" as const, ...j })),
    ];
    return sendAll(services.queues.sync, messages);
  });
  await finishIdleRuns(services, cutoff);
  return sent;
}

/**
 * Runs with nothing left to do that are still `running`: their finish was claimed but the
 * finishing step died, or the process died between the last page and the finish claim.
 */
async function finishIdleRuns(services: Services, cutoff: Date): Promise<void> {
  const client = services.intercom();
  if (!client) return;
  const db = services.db();
  const idle = await db.execute<{ id: string; kind: string }>(sql`
    select r.id, r.kind from ${syncRuns} r
    where r.status = 'running' and r.finishing_at is null and r.started_at < ${cutoff}
      and not exists (select 1 from ${syncPartitions} p where p.run_id = r.id and not p.done)
      and not exists (select 1 from ${syncPartJobs} j where j.run_id = r.id and not j.done)`);
  const runs = [...(await abandonedFinishes(db, cutoff)), ...idle.rows];
  for (const run of runs) {
    if (run.kind === "conversations")
      await finishConversationRunIfDone(conversationDepsFor(services, client), run.id);
    else await finishContactRunIfDone(contactFinishDepsFor(services, client), run.id);
  }
}
