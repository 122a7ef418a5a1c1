import { env } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import type { PagingFaults } from "../../scripts/sandbox/faults.ts";
import type { Env } from "../../src/config/env.ts";
import { syncFailures, syncPartitions, syncRuns } from "../../src/db/schema/sync.ts";
import { handleQueue } from "../../src/queues/handler.ts";
import { QUEUES } from "../../src/queues/names.ts";
import type { Services } from "../../src/services.ts";
import type { SyncMessage } from "../../src/sync/messages.ts";
import { startSync } from "../../src/sync/start.ts";
import { batchOf } from "./queue-batch.ts";
import { collectingQueue, sandbox } from "./sync.ts";

const bases = env as unknown as {
  GUARD_CONTACTS_SANDBOX_BASE: string;
  GUARD_CONVERSATIONS_SANDBOX_BASE: string;
};
/** The page guard's sandboxes: one per kind, their paging faults the tests' own. */
export const GUARD_CONTACTS = bases.GUARD_CONTACTS_SANDBOX_BASE;
export const GUARD_CONVERSATIONS = bases.GUARD_CONVERSATIONS_SANDBOX_BASE;

const OFF: PagingFaults = {
  repeatCursorFromPage: 0,
  repeatPageFromPage: 0,
  totalShortBy: 0,
  extraParts: 0,
};

/** Sets a sandbox's paging faults; those not named are turned off. */
export async function pagingFaults(base: string, faults: Partial<PagingFaults> = {}) {
  const res = await sandbox(
    "/__sandbox/knobs",
    { method: "PATCH", body: JSON.stringify({ faults: { ...OFF, ...faults } }) },
    base,
  );
  if (res.status !== 200) throw new Error(`knobs not set: ${res.status}`);
}

/** More deliveries than any run of these sandboxes takes: past it, the run is looping. */
const MAX_DELIVERIES = 400;

/**
 * Starts a run and delivers its messages through the real queue consumer, one batch each, in
 * the order they were queued (a retried one goes to the back), until none is left.
 */
export async function runThroughQueue(
  s: Services,
  base: string,
  kind: "contacts" | "conversations",
  mode: "incremental" | "full",
) {
  const queued: SyncMessage[] = [];
  const queue = collectingQueue(queued);
  const workspaceId = s.config.INTERCOM_WORKSPACE_ID;
  const run = await startSync(kind, mode, "test", {
    client: null,
    db: s.db(),
    queue,
    workspaceId,
    now: new Date(),
  });
  const testEnv = {
    ...env,
    INTERCOM_API_BASE: base,
    INTERCOM_WORKSPACE_ID: workspaceId,
    SYNC_QUEUE: queue,
    COMPANY_SCROLL_QUEUE: queue,
  } as Env;
  let deliveries = 0;
  for (let next = queued.shift(); next; next = queued.shift()) {
    deliveries += 1;
    if (deliveries > MAX_DELIVERIES) throw new Error(`${MAX_DELIVERIES} deliveries: the run loops`);
    const { batch, outcomes } = batchOf(QUEUES.sync, [next]);
    await handleQueue(batch, testEnv);
    if (outcomes[0]?.retried) queued.push(next);
  }
  return { runId: run.id, deliveries };
}

/** The run, what failed for good in it, and its partitions' checkpoints. */
export async function runState(s: Services, runId: string) {
  const db = s.db();
  const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
  const failures = await db
    .select({ messageKey: syncFailures.messageKey, error: syncFailures.error })
    .from(syncFailures)
    .where(eq(syncFailures.runId, runId))
    .orderBy(asc(syncFailures.messageKey));
  const partitions = await db
    .select({
      partition: syncPartitions.partition,
      pages: syncPartitions.pages,
      records: syncPartitions.records,
      total: syncPartitions.total,
      done: syncPartitions.done,
      failed: syncPartitions.failed,
    })
    .from(syncPartitions)
    .where(eq(syncPartitions.runId, runId))
    .orderBy(asc(syncPartitions.partition));
  return { run, failures, partitions };
}

type Recorded = Array<{ seq: number; method: string; route: string }>;

/** The sequence number of the sandbox's latest request: count what comes after it. */
export async function requestMark(base: string): Promise<number> {
  const res = await sandbox("/__sandbox/requests", {}, base);
  return (res.body as unknown as Recorded).at(-1)?.seq ?? 0;
}

/** Searches (`POST <path>`) the sandbox answered after `mark`. */
export async function searchesSince(base: string, mark: number, path: string) {
  const res = await sandbox(`/__sandbox/requests?since=${mark}`, {}, base);
  return (res.body as unknown as Recorded).filter((r) => r.method === "POST" && r.route === path)
    .length;
}

/** What the sandbox holds, read with its faults off: `total_count` of a one-item list. */
export async function sandboxTotal(base: string, path: "/contacts" | "/conversations") {
  const res = await sandbox(`${path}?per_page=1`, {}, base);
  return Number(res.body.total_count);
}
