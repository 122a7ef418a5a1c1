import type { SyncMode } from "../db/schema/sync.ts";

export const DAY = 86_400;
/**
 * Intercom matches search dates by calendar day in the workspace's time zone (`updated_at > T`
 * starts the day after T's day), and new contacts take minutes to become searchable. Two days
 * back from the watermark keeps at least a full day of overlap in any time zone.
 */
const OVERLAP_SECONDS = 2 * DAY;
export const FULL_SYNC_PARTITIONS = 8;

export interface PartitionPlan {
  partition: number;
  createdFrom: number | null;
  createdTo: number | null;
  updatedFrom?: number | null;
  updatedTo?: number | null;
}

/** A partition's bounds: day-aligned `created_at` and/or `updated_at` ranges. */
interface PartitionBounds {
  createdFrom: number | null;
  createdTo: number | null;
  updatedFrom?: number | null;
  updatedTo?: number | null;
}

/**
 * A full run splits contacts by `created_at` into independent day-aligned ranges, the first
 * open-ended below and the last open-ended above, so together they cover every contact once.
 * Boundaries come from what the previous sync stored (equal counts), or else split the time
 * since the oldest contact evenly.
 */
export function partitionsFor(
  mode: SyncMode,
  now: number,
  hints: { boundaries?: number[]; oldest?: number | null } = {},
  partitions = FULL_SYNC_PARTITIONS,
): PartitionPlan[] {
  if (mode === "incremental" || partitions <= 1)
    return [{ partition: 0, createdFrom: null, createdTo: null }];
  const today = Math.floor(now / DAY) * DAY;
  let cuts = (hints.boundaries ?? []).map((b) => Math.floor(b / DAY) * DAY);
  if (cuts.length < partitions - 1) {
    const oldest = Math.floor((hints.oldest ?? today - 3 * 365 * DAY) / DAY) * DAY;
    const step = Math.max(DAY, Math.floor((today - oldest) / partitions / DAY) * DAY);
    cuts = Array.from({ length: partitions - 1 }, (_, i) => oldest + (i + 1) * step);
  }
  // Day-aligned cuts can coincide on small or young workspaces: keep them strictly increasing.
  const distinct = [...new Set(cuts)].sort((a, b) => a - b);
  const bounds = [null, ...distinct, null];
  return bounds.slice(0, -1).map((from, i) => ({
    partition: i,
    createdFrom: from,
    createdTo: bounds[i + 1] ?? null,
  }));
}

/**
 * The search query of a partition. Day-granular operators: `created_at > D - 1 day` means
 * "created on day D or later" and `created_at < E` means "created before day E".
 */
export function searchQueryFor(p: PartitionBounds, since: number | null) {
  const filters: unknown[] = [];
  if (since !== null) filters.push({ field: "updated_at", operator: ">", value: since });
  const range = (field: string, from: number | null | undefined, to: number | null | undefined) => {
    if (from != null) filters.push({ field, operator: ">", value: from - DAY });
    if (to != null) filters.push({ field, operator: "<", value: to });
  };
  range("created_at", p.createdFrom, p.createdTo);
  range("updated_at", p.updatedFrom, p.updatedTo);
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
