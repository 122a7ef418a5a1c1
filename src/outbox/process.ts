import type { Database } from "../db/client.ts";
import type { Clock } from "../shared/clock.ts";
import { errorMessage } from "../shared/errors.ts";
import type { Logger } from "../shared/logger.ts";
import { OUTBOX_BACKOFF, refusedForGood, retryWaitSeconds } from "../shared/retry.ts";
import { startAttempt } from "./attempt.ts";
import { type DeliverDeps, deliverRow } from "./deliver.ts";
import { LeaseLostError } from "./errors.ts";
import { postponeRows, type Settlement, settleLeased, takeLease } from "./lease.ts";
import type { OutboxRow } from "./rows.ts";

/** After this many failed attempts a write is dead: an operator looks at it. */
const MAX_OUTBOX_ATTEMPTS = 10;
/**
 * A row's lease, taken when its delivery starts and renewed before each write to Intercom
 * (src/outbox/lease.ts). Each write's call is bounded to end inside it (the client's 15 s
 * timeout, with room for a few rate-limit waits before it is sent), so the figure only says how
 * soon the sweep may hand a row whose consumer died to another one.
 */
const LEASE_MS = 60_000;
/**
 * Calls in flight per batch. Intercom's budget (~167 calls/s by default) at ~50 ms a call
 * needs 8+ in flight across all consumers; the shared gate, not this number, keeps us under
 * the limit, so a whole batch may go at once.
 */
const CONCURRENCY = 32;

export interface OutboxDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Null when INTERCOM_ACCESS_TOKEN is not configured: rows wait, nothing is lost. */
  deliver: DeliverDeps | null;
  /** Tests shorten the lease and narrow the batch to make a slow batch's tail meet the sweep. */
  leaseMs?: number;
  concurrency?: number;
}

interface OutboxBatchResult {
  delivered: number;
  dead: number;
  /** Row ids to try again, with the delay the failure asks for. */
  retry: Array<{ id: string; delaySeconds: number }>;
  skipped: number;
}

/** Delivers the rows behind a batch of queue messages; safe with duplicates and re-runs. */
export async function processOutboxBatch(
  ids: readonly string[],
  deps: OutboxDeps,
): Promise<OutboxBatchResult> {
  const result: OutboxBatchResult = { delivered: 0, dead: 0, retry: [], skipped: 0 };
  const deliver = deps.deliver;
  if (!deliver) {
    const now = deps.clock.now();
    await postponeRows(deps.db, ids, now, new Date(now.getTime() + 60_000));
    result.skipped = ids.length;
    return result;
  }
  const leaseMs = deps.leaseMs ?? LEASE_MS;
  let next = 0;
  const worker = async () => {
    for (let id = ids[next++]; id !== undefined; id = ids[next++]) {
      // Leased now, as its send starts: a row further down the batch stays free meanwhile.
      const taken = await takeLease(deps.db, id, deps.clock.now(), leaseMs);
      if (!taken) {
        result.skipped += 1;
        continue;
      }
      const { row, lease } = taken;
      const attempt = startAttempt(deps.db, deps.clock, row, lease, leaseMs);
      let outcome: Settlement;
      let delaySeconds = 0;
      try {
        outcome = { status: "delivered", result: await deliverRow(row, deliver, attempt.guard) };
      } catch (error) {
        if (error instanceof LeaseLostError) {
          result.skipped += 1;
          continue;
        }
        const landedSince = attempt.mayHaveLandedSince();
        ({ outcome, delaySeconds } = failure(row, error, landedSince, deps.clock.now()));
      }
      if (!(await settleLeased(deps.db, lease, deps.clock.now(), outcome))) {
        // Its lease ran out and another consumer holds the row, or an erasure cancelled it
        // while it was on its way: that outcome stands.
        result.skipped += 1;
        deps.logger.warn("outbox row was cancelled or changed hands before it was settled", {
          id: row.id,
        });
        continue;
      }
      if (outcome.status === "delivered") result.delivered += 1;
      else if (outcome.status === "dead") {
        result.dead += 1;
        deps.logger.warn("outbox write is dead", {
          id: row.id,
          kind: row.kind,
          error: outcome.error,
        });
      } else result.retry.push({ id: row.id, delaySeconds });
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(deps.concurrency ?? CONCURRENCY, ids.length) }, worker),
  );
  return result;
}

/**
 * What a failed attempt leaves. A write that may have landed unseen makes the row `unsure`,
 * and so does one that was unsure before this attempt and is still not known to have landed:
 * the next attempt asks Intercom first. A row that was marked unsure for this attempt's send
 * alone, and whose send Intercom refused or never received, is plainly failed again.
 */
function failure(
  row: OutboxRow,
  error: unknown,
  landedSince: Date | null,
  now: Date,
): { outcome: Settlement; delaySeconds: number } {
  const attempts = row.attempts + 1;
  const mayHaveLanded = landedSince !== null;
  const unsureSince = row.unsureSince ?? landedSince;
  // A 2xx we could not read is not retryable as an answer, yet the write landed: look for it.
  const refused = !mayHaveLanded && refusedForGood(error);
  const message = mayHaveLanded
    ? `the answer was lost; Intercom is checked before sending again: ${errorMessage(error)}`
    : errorMessage(error);
  if (refused || attempts >= MAX_OUTBOX_ATTEMPTS)
    return { outcome: { status: "dead", error: message, unsureSince }, delaySeconds: 0 };
  const delaySeconds = retryWaitSeconds(error, attempts, OUTBOX_BACKOFF, now);
  const retryAt = new Date(now.getTime() + delaySeconds * 1000);
  return {
    outcome: unsureSince
      ? { status: "unsure", error: message, retryAt, since: unsureSince }
      : { status: "failed", error: message, retryAt },
    delaySeconds,
  };
}
