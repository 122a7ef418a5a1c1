/**
 * The status sets of the inbox and the outbox, without drizzle: the CLI offers them as
 * choices and loading the schema (drizzle's pg-core) would cost it most of its start time.
 */
export const DELIVERY_STATUSES = ["received", "applied", "ignored", "failed", "dead"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * `unsure`: a send of the row may have reached Intercom without our knowing (its answer was
 * lost, or the consumer died while it was out); Intercom is asked before it is sent again.
 * `cancelled`: the person it is about was erased before it was delivered; final, never sent
 * (or retried) again, whatever a send still in flight then answers.
 */
export const OUTBOX_STATUSES = [
  "pending",
  "delivered",
  "failed",
  "unsure",
  "dead",
  "cancelled",
] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Rows still to be sent (or asked about): what a lease takes and what counts as a backlog. */
export const OPEN_STATUSES = [
  "pending",
  "failed",
  "unsure",
] as const satisfies readonly OutboxStatus[];
