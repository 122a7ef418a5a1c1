import type { SyncRun } from "../db/schema/sync.ts";
import { DAY, FULL_SYNC_PARTITIONS, type PartitionPlan } from "./plan.ts";

type Windowed = Pick<SyncRun, "rangeFrom" | "rangeTo" | "hoursBack">;

/** A ranged run covers part of the workspace: what it does not see may well exist. */
export const isRanged = (run: Windowed) => run.rangeFrom !== null || run.rangeTo !== null;

/**
 * Runs that read something other than "everything since the watermark" leave the watermark
 * alone: an hours-back run from after the watermark would otherwise skip the gap between.
 */
export const movesWatermark = (run: Windowed) => !isRanged(run) && run.hoursBack === null;

/**
 * Whether a record created at `createdAt` belongs to the run: every record when unranged;
 * one without a creation time never belongs to a range.
 */
export function inRange(run: Windowed, createdAt: number | null | undefined): boolean {
  if (!isRanged(run)) return true;
  if (createdAt == null) return false;
  return (
    (run.rangeFrom === null || createdAt >= run.rangeFrom) &&
    (run.rangeTo === null || createdAt < run.rangeTo)
  );
}

const floorDay = (t: number) => Math.floor(t / DAY) * DAY;

/**
 * A ranged full run's partitions. Intercom matches `created_at` by calendar day in the
 * workspace's time zone (up to 14 hours from UTC), so the searched days reach a day past
 * each end and pages are filtered to the exact range (inRange) before anything is written.
 * An open end stays open; the searched span is split into day-aligned equal parts.
 */
export function rangePartitions(
  range: { from: number | null; to: number | null },
  now: number,
  partitions = FULL_SYNC_PARTITIONS,
): PartitionPlan[] {
  const low = range.from === null ? null : floorDay(range.from);
  const high = range.to === null ? null : floorDay(range.to) + 2 * DAY;
  const start = low ?? floorDay(now) - 3 * 365 * DAY;
  const end = high ?? floorDay(now) + DAY;
  const step = Math.max(DAY, floorDay((end - start) / partitions));
  const cuts: number[] = [];
  for (let cut = start + step; cut < end && cuts.length < partitions - 1; cut += step)
    cuts.push(cut);
  const bounds = [low, ...cuts, high];
  return bounds.slice(0, -1).map((from, i) => ({
    partition: i,
    createdFrom: from,
    createdTo: bounds[i + 1] ?? null,
  }));
}
