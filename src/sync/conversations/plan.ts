import type { SyncMode } from "../../db/schema/sync.ts";
import { DAY, FULL_SYNC_PARTITIONS, type PartitionPlan, partitionsFor } from "../plan.ts";

/** Part fetches per queue message: ten `GET /conversations/{id}` side by side. */
export const PARTS_PER_JOB = 10;

/**
 * A full run splits conversations by `created_at` (as contacts are: updates during the run
 * cannot move a conversation between partitions or reshuffle a cursor chain). An incremental
 * run splits its `updated_at` range, from `since` to now, into day-aligned chains, at most
 * FULL_SYNC_PARTITIONS of them. Day-aligned because Intercom's date search works in days.
 */
export function conversationPartitions(
  mode: SyncMode,
  now: number,
  since: number | null,
  hints: { boundaries?: number[]; oldest?: number | null } = {},
): PartitionPlan[] {
  if (mode === "full" || since === null) return partitionsFor("full", now, hints);
  const first = Math.floor(since / DAY) * DAY;
  const today = Math.floor(now / DAY) * DAY;
  const days: number[] = [];
  for (let d = first + DAY; d <= today; d += DAY) days.push(d);
  const wanted = FULL_SYNC_PARTITIONS - 1;
  const cuts =
    days.length <= wanted
      ? days
      : Array.from(
          { length: wanted },
          (_, i) => days[Math.floor(((i + 1) * days.length) / (wanted + 1))] as number,
        );
  const bounds = [null, ...new Set(cuts), null];
  return bounds.slice(0, -1).map((from, i) => ({
    partition: i,
    createdFrom: null,
    createdTo: null,
    updatedFrom: from,
    updatedTo: bounds[i + 1] ?? null,
  }));
}
