import type { Database } from "../db/client.ts";
import { IntercomError } from "../intercom/errors.ts";
import type { Clock } from "../shared/clock.ts";
import { errorMessage } from "../shared/errors.ts";
import type { Logger } from "../shared/logger.ts";
import { OUTBOX_BACKOFF, retryWaitSeconds } from "../shared/retry.ts";
import { type DeliverDeps, deliverRow } from "./deliver.ts";
import { SlackError, UndeliverableError } from "./errors.ts";
import { claimRows, releaseRows, settleRow } from "./rows.ts";

/** After this many failed attempts a write is dead: an operator looks at it. */
export const MAX_OUTBOX_ATTEMPTS = 10;
/** Long enough for one delivery with its retries and rate-limit waits. */
const LEASE_MS = 120_000;
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
}

export interface OutboxBatchResult {
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
  const now = deps.clock.now();
  const rows = await claimRows(deps.db, ids, now, LEASE_MS);
  result.skipped = ids.length - rows.length;
  const deliver = deps.deliver;
  if (!deliver) {
    await releaseRows(
      deps.db,
      rows.map((r) => r.id),
      new Date(now.getTime() + 60_000),
    );
    result.skipped += rows.length;
    return result;
  }
  let next = 0;
  const worker = async () => {
    for (let row = rows[next++]; row; row = rows[next++]) {
      const current = row;
      try {
        const delivered = await deliverRow(current, deliver);
        await settleRow(deps.db, current.id, deps.clock.now(), {
          status: "delivered",
          result: delivered,
        });
        result.delivered += 1;
      } catch (error) {
        const attempts = current.attempts + 1;
        const permanent =
          error instanceof UndeliverableError ||
          ((error instanceof IntercomError || error instanceof SlackError) && !error.retryable) ||
          attempts >= MAX_OUTBOX_ATTEMPTS;
        const message = errorMessage(error);
        if (permanent) {
          await settleRow(deps.db, current.id, deps.clock.now(), {
            status: "dead",
            error: message,
          });
          result.dead += 1;
          deps.logger.warn("outbox write is dead", {
            id: current.id,
            kind: current.kind,
            error: message,
          });
        } else {
          const delaySeconds = retryWaitSeconds(error, attempts, OUTBOX_BACKOFF, deps.clock.now());
          const retryAt = new Date(deps.clock.now().getTime() + delaySeconds * 1000);
          await settleRow(deps.db, current.id, deps.clock.now(), {
            status: "failed",
            error: message,
            retryAt,
          });
          result.retry.push({ id: current.id, delaySeconds });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, worker));
  return result;
}
