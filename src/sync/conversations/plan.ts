import type { SyncMode } from "../../db/schema/sync.ts";
import { INTERCOM_CONNECTIONS } from "../../shared/connections.ts";
import { DAY, FULL_SYNC_PARTITIONS, type PartitionPlan, partitionsFor } from "../plan.ts";

/** Part fetches per queue message: at most ten `GET /conversations/{id}`. */
export const PARTS_PER_JOB = 10;

/**
 * Parts a job's answers are expected to hold, at most: four conversations at Intercom's cap of
 * 500. Expected from the page (`statistics.count_conversation_parts` less the opening
 * message, capped at 500; the cap when unknown), so a job is one transaction of at most this
 * many part rows, about 1.1 M characters of answers in the sandbox and 1.5 M in real
 * Intercom's larger parts: well under PART_SLICE_CHARS, which only long bodies reach.
 */
export const PART_JOB_PARTS = 2_000;

/**
 * Characters of answers one invocation of a part job holds before it writes them and hands
 * the rest of its job on. Measured in Node on 500-part answers: the parsed answers take 1.4x
 * their text, and writing them (part rows, the statements' JSON, the conversations' raw
 * copy) 3.5 to 4.5x; two-byte strings double that. With the answers still under way when the
 * budget is passed (PART_FETCHES_AT_ONCE of them, ~0.3 to 1.2 M each), a slice stays near
 * 40 MB, or 80 MB of the Worker's 128 MB at worst.
 */
export const PART_SLICE_CHARS = 4_000_000;

/** A part job's fetches under way at once: Intercom's share of the invocation's connections. */
export const PART_FETCHES_AT_ONCE = INTERCOM_CONNECTIONS;

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
