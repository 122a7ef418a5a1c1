import type { SyncMode } from "../db/schema/sync.ts";

export const DAY = 86_400;
/**
 * Intercom matches search dates by calendar day in the workspace's time zone (`updated_at > T`
 * starts the day after T's day), and new contacts take minutes to become searchable. Two days
 * back from the watermark keeps at least a full day of overlap in any time zone.
 */
export const OVERLAP_SECONDS = 2 * DAY;
export const FULL_SYNC_PARTITIONS = 8;

export interface PartitionPlan {
  partition: number;
  createdFrom: number | null;
  createdTo: number | null;
}

/**
 * A full run splits contacts by `created_at` into independent day-aligned ranges, oldest range
 * open-ended below and newest open-ended above, so together they cover every contact once.
 */
export function partitionsFor(
  mode: SyncMode,
  now: number,
  partitions = FULL_SYNC_PARTITIONS,
): PartitionPlan[] {
  if (mode === "incremental" || partitions <= 1)
    return [{ partition: 0, createdFrom: null, createdTo: null }];
  const today = Math.floor(now / DAY) * DAY;
  // Recent years hold most contacts; older ones share the first, open-ended range.
  const spanDays = 3 * 365;
  const step = Math.max(1, Math.floor(spanDays / partitions));
  return Array.from({ length: partitions }, (_, i) => ({
    partition: i,
    createdFrom: i === 0 ? null : today - (spanDays - i * step) * DAY,
    createdTo: i === partitions - 1 ? null : today - (spanDays - (i + 1) * step) * DAY,
  }));
}

/**
 * The search query of a partition. Day-granular operators: `created_at > D - 1 day` means
 * "created on day D or later" and `created_at < E` means "created before day E".
 */
export function searchQueryFor(
  p: { createdFrom: number | null; createdTo: number | null },
  since: number | null,
) {
  const filters: unknown[] = [];
  if (since !== null) filters.push({ field: "updated_at", operator: ">", value: since });
  if (p.createdFrom !== null)
    filters.push({ field: "created_at", operator: ">", value: p.createdFrom - DAY });
  if (p.createdTo !== null)
    filters.push({ field: "created_at", operator: "<", value: p.createdTo });
  if (filters.length === 0) filters.push({ field: "created_at", operator: ">", value: 0 });
  return {
    query: filters.length === 1 ? filters[0] : { operator: "AND", value: filters },
    // A full run pages in created_at order, which updates during the run cannot reshuffle;
    // an incremental one in updated_at order (its overlap absorbs reshuffles).
    sort: { field: since === null ? "created_at" : "updated_at", order: "ascending" as const },
    perPage: 150,
  };
}

export function sinceFor(mode: SyncMode, watermark: number | null): number | null {
  if (mode === "full" || watermark === null) return null;
  return Math.max(0, watermark - OVERLAP_SECONDS);
}
