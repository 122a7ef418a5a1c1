import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../src/db/client.ts";
import type { DeliveryStatus, OutboxStatus } from "../../src/db/schema/index.ts";
import {
  outboxMessages,
  syncFailures,
  syncPartitions,
  syncPartJobs,
  syncRuns,
  syncSeen,
  webhookDeliveries,
} from "../../src/db/schema/index.ts";
import type { RetentionSettings } from "../../src/retention/settings.ts";

export const DAY = 86_400_000;
export const MINUTE = 60_000;

export const ago = (now: Date, ms: number) => new Date(now.getTime() - ms);

export function settings(overrides: Partial<RetentionSettings> = {}): RetentionSettings {
  return {
    deliveriesDays: 30,
    outboxDays: 30,
    partJobsDays: 7,
    runsDays: 90,
    batchSize: 1000,
    budgetMs: 60_000,
    maxBatches: 10_000,
    ...overrides,
  };
}

export function workspace(): string {
  return `ret_${crypto.randomUUID().slice(0, 12)}`;
}

export async function insertDelivery(
  db: Executor,
  workspaceId: string,
  key: string,
  status: DeliveryStatus,
  receivedAt: Date,
) {
  await db.insert(webhookDeliveries).values({
    workspaceId,
    deliveryKey: key,
    notificationId: key,
    topic: "contact.user.updated",
    receivedAt,
    payload: { id: key },
    status,
    processedAt: status === "received" ? null : receivedAt,
  });
}

export async function deliveryKeys(db: Executor, workspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ key: webhookDeliveries.deliveryKey })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.workspaceId, workspaceId));
  return rows.map((r) => r.key).sort();
}

/** An outbox row created `at`, delivered at the same time when `status` is delivered. */
export async function insertOutbox(
  db: Executor,
  workspaceId: string,
  key: string,
  status: OutboxStatus,
  at: Date,
) {
  await db.insert(outboxMessages).values({
    workspaceId,
    kind: "event",
    idempotencyKey: key,
    payload: { event_name: "retention-test" },
    status,
    createdAt: at,
    updatedAt: at,
    deliveredAt: status === "delivered" ? at : null,
    // Far ahead, so no outbox sweep running beside these tests picks the row up.
    nextAttemptAt: new Date("2999-01-01T00:00:00Z"),
  });
}

export async function outboxKeys(db: Executor, workspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ key: outboxMessages.idempotencyKey })
    .from(outboxMessages)
    .where(eq(outboxMessages.workspaceId, workspaceId));
  return rows.map((r) => r.key).sort();
}

export interface RunFixture {
  kind?: "contacts" | "conversations";
  mode?: "incremental" | "full";
  status: "running" | "succeeded" | "failed";
  finishedAt: Date;
  partJobs?: number;
  seen?: number;
  failures?: number;
}

/** A run started an hour before it finished, with two partitions and the given children. */
export async function insertRun(db: Executor, workspaceId: string, run: RunFixture) {
  const [row] = await db
    .insert(syncRuns)
    .values({
      workspaceId,
      kind: run.kind ?? "contacts",
      mode: run.mode ?? "incremental",
      trigger: "test",
      status: run.status,
      startedAt: ago(run.finishedAt, 60 * MINUTE),
      finishedAt: run.status === "running" ? null : run.finishedAt,
    })
    .returning({ id: syncRuns.id });
  const id = (row as { id: string }).id;
  await db.insert(syncPartitions).values([0, 1].map((partition) => ({ runId: id, partition })));
  const range = (n = 0) => Array.from({ length: n }, (_, i) => i);
  if (run.partJobs)
    await db
      .insert(syncPartJobs)
      .values(range(run.partJobs).map((i) => ({ runId: id, key: `j${i}`, conversations: [] })));
  if (run.seen)
    await db
      .insert(syncSeen)
      .values(range(run.seen).map((i) => ({ runId: id, contactId: `c${i}` })));
  if (run.failures)
    await db.insert(syncFailures).values(
      range(run.failures).map((i) => ({
        runId: id,
        messageKey: `m${i}`,
        message: {},
        error: "x",
      })),
    );
  return id;
}

/** How many rows each sync table still holds for these runs. */
export async function runRows(db: Executor, ids: string[]) {
  const [runs, partitions, partJobs, seen] = await Promise.all([
    db.select({ id: syncRuns.id }).from(syncRuns).where(inArray(syncRuns.id, ids)),
    db
      .select({ id: syncPartitions.runId })
      .from(syncPartitions)
      .where(inArray(syncPartitions.runId, ids)),
    db
      .select({ id: syncPartJobs.runId })
      .from(syncPartJobs)
      .where(inArray(syncPartJobs.runId, ids)),
    db.select({ id: syncSeen.runId }).from(syncSeen).where(inArray(syncSeen.runId, ids)),
  ]);
  return {
    runs: runs.length,
    partitions: partitions.length,
    partJobs: partJobs.length,
    seen: seen.length,
  };
}

export async function runExists(db: Executor, workspaceId: string, id: string) {
  const rows = await db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(and(eq(syncRuns.workspaceId, workspaceId), eq(syncRuns.id, id)));
  return rows.length === 1;
}
