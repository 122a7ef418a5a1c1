import { DEFAULT_LIMIT_PER_MINUTE } from "../intercom/gate/state.ts";

/**
 * The share of Intercom's rate budget a write-back may take. Its writes go through the outbox
 * and the shared gate like every other call, but a first run can plan 100,000 writes: queued
 * at once, they would hold the outbox queue for minutes ahead of the product's events, and
 * take the gate's whole budget from webhook follow-ups and syncs. So after a slice queues its
 * writes, the next slice waits as long as they take at this share of the budget, and the
 * outbox never holds more than one slice of them.
 */
export const WRITEBACK_BUDGET_SHARE = 0.5;

/**
 * Writes a second at that share of Intercom's default limit: the bound the write-back
 * benchmark reports against, and WRITEBACK_WRITES_PER_SECOND's default (a workspace whose
 * limit Intercom raised may set more).
 */
export const WRITES_PER_SECOND = Math.floor(
  (DEFAULT_LIMIT_PER_MINUTE / 60) * WRITEBACK_BUDGET_SHARE,
);

/** How long the next slice waits after this one queued `writes` (whole seconds, as queues take). */
export function secondsBeforeNextSlice(writes: number, perSecond: number): number {
  return Math.floor(writes / perSecond);
}
