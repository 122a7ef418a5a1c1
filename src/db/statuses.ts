/**
 * The status sets of the inbox and the outbox, without drizzle: the CLI offers them as
 * choices and loading the schema (drizzle's pg-core) would cost it most of its start time.
 */
export const DELIVERY_STATUSES = ["received", "applied", "ignored", "failed", "dead"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const OUTBOX_STATUSES = ["pending", "delivered", "failed", "dead"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
