import { sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { type SyncKind, syncPartitions, syncPartJobs, syncRuns } from "../db/schema/sync.ts";
import { sendAll } from "../shared/queue-send.ts";
import type { SyncMessage } from "./messages.ts";

/** The message that carries each kind of run's partition chain. */
const CHAIN_MESSAGE = {
  contacts: "sync.contacts.step",
  conversations: "sync.conversations.page",
  companies: "sync.companies.page",
} as const satisfies Record<SyncKind, string>;

/** No progress for this long means the partition's chain of messages is gone. */
export const STALL_MS = 2 * 60 * 1000;
/** Claimed per sweep; the rest wait for the next minute. */
const RESUME_LIMIT = 500;

interface ResumeDeps {
  db: Database;
  /** Only this deployment's runs: another workspace's run would be synced with our token. */
  workspaceId: string;
  queue: Queue<SyncMessage>;
  now: Date;
  /** Work last touched before this is lost (`lostBefore` with STALL_MS). */
  stalledBefore: Date;
  /**
   * Locally only (`LOCAL_QUEUES_STARTED_AT`): a finish slice's lease taken before the local
   * stack restarted is held by a process that is gone, so it need not run out its 15 minutes.
   * In production no such instant is known and a lease always runs out.
   */
  localQueuesStartedAt?: number | undefined;
}

/**
 * Restarts stalled partitions from their checkpoint, re-sends part jobs nobody finished, and
 * re-sends the next finish slice of runs with nothing else open whose finish is idle: never
 * started, its continuation lost, or its slice's invocation dead (lease run out). A chain
 * breaks if the process dies after writing a page but before queuing the next message.
 * Restarting one that was only slow is harmless: the duplicate finds the checkpoint moved (or
 * the job done, or the slice leased or past), and stops.
 */
export async function resendStalled(deps: ResumeDeps): Promise<number> {
  const { db, workspaceId, now, stalledBefore: cutoff } = deps;
  const leasesDeadBefore = new Date(deps.localQueuesStartedAt ?? 0);
  // Claimed by moving `updated_at`, so the next sweep does not send them again before another
  // stall period; in one transaction with the sends, so a failed send leaves them claimable.
  return db.transaction(async (tx) => {
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
          where s.workspace_id = ${workspaceId} and s.status = 'running' and not q.done
            and q.updated_at < ${cutoff}
          order by q.updated_at limit ${RESUME_LIMIT})
      returning p.run_id, p.partition, p.pages, r.kind`);
    const jobs = await tx
      .update(syncPartJobs)
      .set({ updatedAt: now })
      .where(
        sql`(${syncPartJobs.runId}, ${syncPartJobs.key}) in (
          select j.run_id, j.key from ${syncPartJobs} j join ${syncRuns} r on r.id = j.run_id
          where r.workspace_id = ${workspaceId} and r.status = 'running' and not j.done
            and j.updated_at < ${cutoff}
          order by j.updated_at limit ${RESUME_LIMIT})`,
      )
      .returning({ runId: syncPartJobs.runId, key: syncPartJobs.key });
    // Not while a slice's lease holds: that slice may still be running (unless its process is
    // known to be gone, or Postgres restarted since it was taken: the slice lost its connection
    // with it, and its commit is fenced by the lease this clears).
    const finishes = await tx.execute<{ id: string; finish_slices: number }>(sql`
      update ${syncRuns} r set finishing_at = ${now}, finish_lease_until = null
      where r.workspace_id = ${workspaceId} and r.status = 'running'
        and coalesce(r.finishing_at, r.started_at) < ${cutoff}
        and (r.finish_lease_until is null or r.finish_lease_until <= ${now}
          or r.finishing_at < ${leasesDeadBefore} or r.finishing_at < pg_postmaster_start_time())
        and not exists (select 1 from ${syncPartitions} p where p.run_id = r.id and not p.done)
        and not exists (select 1 from ${syncPartJobs} j where j.run_id = r.id and not j.done)
      returning r.id, r.finish_slices`);
    const messages: SyncMessage[] = [
      ...partitions.rows.map((p) => ({
        kind: CHAIN_MESSAGE[p.kind as SyncKind],
        runId: p.run_id,
        partition: Number(p.partition),
        page: Number(p.pages),
      })),
      ...jobs.map((j) => ({ kind: "sync.conversations.parts" as const, ...j })),
      ...finishes.rows.map((r) => ({
        kind: "sync.finish" as const,
        runId: r.id,
        slice: Number(r.finish_slices),
      })),
    ];
    return sendAll(deps.queue, messages);
  });
}
