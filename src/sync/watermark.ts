import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import type { SyncRun } from "../db/schema/sync.ts";
import { syncState } from "../db/schema/sync.ts";

/**
 * Moves the kind's watermark to min(run start, newest `updated_at` the run saw), never
 * backwards: an older run finishing late keeps the newer watermark.
 */
export async function advanceWatermark(tx: Executor, run: SyncRun, now: Date): Promise<void> {
  const started = Math.floor(run.startedAt.getTime() / 1000);
  const watermark = Math.min(started, run.newestUpdatedAt ?? started);
  await tx
    .insert(syncState)
    .values({ workspaceId: run.workspaceId, kind: run.kind, watermark, updatedAt: now })
    .onConflictDoUpdate({
      target: [syncState.workspaceId, syncState.kind],
      set: { watermark: sql`greatest(${syncState.watermark}, excluded.watermark)`, updatedAt: now },
    });
}
