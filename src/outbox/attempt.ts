import type { Executor } from "../db/client.ts";
import type { CallOptions } from "../intercom/http.ts";
import { outcomeOf } from "../intercom/outcome.ts";
import type { Clock } from "../shared/clock.ts";
import { LeaseLostError } from "./errors.ts";
import { claimedResultIds, type Lease, renewLease } from "./lease.ts";
import type { OutboxRow } from "./rows.ts";

/**
 * How a write behaves when it reaches Intercom twice, which decides what a lost answer costs:
 * - `unique`: a second note or message (Intercom has no idempotency key for them). The row is
 *   marked unsure before it goes out, and Intercom is searched before any further send.
 * - `checked`: harmless twice (tagging: the contact is tagged once), and cheap to look up, so a
 *   lost answer is settled by looking rather than by sending again.
 * - `repeatable`: harmless twice and sent again (an identify upserts; Intercom dedupes events
 *   on contact, name and created_at second; deleting or untagging twice is the same).
 */
type WriteKind = "unique" | "checked" | "repeatable";

/** What delivering one row may do with its lease. */
export interface WriteGuard {
  /** When a send of this row may have reached Intercom unseen (the first such send), or null. */
  readonly unsureSince: Date | null;
  /**
   * Sends one write while the row is ours: renews the lease over the call (or throws
   * LeaseLostError if another consumer holds the row now), and bounds the call to end first.
   */
  write<T>(kind: WriteKind, send: (call: CallOptions) => Promise<T>): Promise<T>;
  /** Of note or message ids found in Intercom, those another row was delivered with. */
  claimed(
    field: "note_id" | "message_id",
    ids: readonly string[],
    since: Date,
  ): Promise<Set<string>>;
}

interface Attempt {
  guard: WriteGuard;
  /**
   * When the first write of this attempt that may have landed without our knowing (an
   * ambiguous failure) was started, or null.
   */
  mayHaveLandedSince(): Date | null;
}

export function startAttempt(
  db: Executor,
  clock: Clock,
  row: OutboxRow,
  lease: Lease,
  leaseMs: number,
): Attempt {
  let ambiguousSince: Date | null = null;
  // The call must be over a little before the lease is: a database round trip and clock skew.
  const margin = Math.min(5_000, Math.floor(leaseMs / 4));
  const guard: WriteGuard = {
    unsureSince: row.unsureSince,
    async write(kind, send) {
      const now = clock.now();
      const until = new Date(now.getTime() + leaseMs);
      if (!(await renewLease(db, lease, now, until, kind === "unique"))) throw new LeaseLostError();
      // The client's deadline is on the wall clock; the lease was measured on ours.
      const deadline = Date.now() + leaseMs - margin;
      try {
        return await send({ deadline });
      } catch (error) {
        if (kind !== "repeatable" && outcomeOf(error) === "ambiguous") ambiguousSince ??= now;
        throw error;
      }
    },
    claimed: (field, ids, since) => claimedResultIds(db, row, field, ids, since),
  };
  return { guard, mayHaveLandedSince: () => ambiguousSince };
}
