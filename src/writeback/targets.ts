import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import type { AttributeValues, WritebackModel } from "../db/schema/writeback.ts";
import type { Clock } from "../shared/clock.ts";

/** One target of a write-back row, as its outbox payload names it. */
interface TargetOf {
  model: WritebackModel;
  intercomId: string;
}

/**
 * Whether `outboxId` is still the row carrying the target's latest planned values. A row
 * planned by an earlier run that is delivered after a later run planned newer values must not
 * write its older ones over them.
 */
export async function isLatestWrite(
  db: Executor,
  workspaceId: string,
  target: TargetOf,
  outboxId: string,
): Promise<boolean> {
  const result = await db.execute<{ latest: boolean }>(sql`
    select outbox_id = ${outboxId}::uuid as latest from writeback_targets
    where workspace_id = ${workspaceId} and model = ${target.model}
      and intercom_id = ${target.intercomId}`);
  return result.rows[0]?.latest === true;
}

/**
 * Intercom took these values: they become what the next run compares with. Only the latest
 * row records, so a superseded one that raced past the check cannot roll `written` back.
 */
export async function recordWritten(
  db: Executor,
  workspaceId: string,
  target: TargetOf,
  outboxId: string,
  values: AttributeValues,
  now: Date,
): Promise<void> {
  await db.execute(sql`
    update writeback_targets set written = written || ${JSON.stringify(values)}::jsonb,
      written_at = ${now.toISOString()}::timestamptz
    where workspace_id = ${workspaceId} and model = ${target.model}
      and intercom_id = ${target.intercomId} and outbox_id = ${outboxId}::uuid`);
}

/** What outbox delivery needs for write-back rows (src/outbox/deliver.ts). */
export function writebackDeliverDeps(db: Executor, workspaceId: string, clock: Clock) {
  return {
    isLatest: (row: { id: string }, target: TargetOf) =>
      isLatestWrite(db, workspaceId, target, row.id),
    recordWritten: (row: { id: string }, write: TargetOf & { attributes: AttributeValues }) =>
      recordWritten(db, workspaceId, write, row.id, write.attributes, clock.now()),
  };
}
