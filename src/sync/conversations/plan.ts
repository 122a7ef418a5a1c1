import type { SyncMode } from "../../db/schema/sync.ts";
import { INTERCOM_CONNECTIONS } from "../../shared/connections.ts";
import { DAY, FULL_SYNC_PARTITIONS, type PartitionPlan, partitionsFor } from "../plan.ts";

/** Part fetches per queue message: at most ten `GET /conversations/{id}`. */
export const PARTS_PER_JOB = 10;

/**
 * Parts a job's answers are expected to hold, at most: four conversations at Intercom's cap of
 * 500. Expected from the page (`statistics.count_conversation_parts` less the opening
 * message, capped at 500; the cap when unknown), so no write of a job has more part rows.
 * A part answers about 330 characters besides its body (captured real answers; the sandbox's
 * alike): 2,000 parts are 0.7 M characters and their bodies, under PART_SLICE_CHARS unless
 * the bodies average 1,600 characters or more.
 */
export const PART_JOB_PARTS = 2_000;

/**
 * Characters of answers one invocation of a part job holds before it writes them and hands
 * the rest of its job on (src/sync/conversations/slice.ts says how a slice keeps to it).
 * Measured in Node on 500-part answers: the parsed answers take 1.4x their text, and writing
 * them (part rows, the statements' JSON, the conversations' raw copy) 3.5 to 4.5x; two-byte
 * strings double that. So about 20 MB of the Worker's 128 MB, 40 MB at worst, leaving room
 * for a first round of unseen answers to pass it.
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
