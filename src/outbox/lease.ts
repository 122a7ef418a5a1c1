import { and, eq, gte, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { outboxMessages } from "../db/schema/outbox.ts";
import { textArray } from "../db/sql.ts";
import { OPEN_STATUSES } from "../db/statuses.ts";
import type { OutboxRow } from "./rows.ts";

/*
 * One row, one sender. A consumer takes a row's lease when it starts on that row (not for a
 * whole batch: the tail of a batch slowed by rate-limit waits would start after its lease
 * ran out), and each step is a conditional UPDATE on the row's `lease_token`:
 *
 * - take: only a row still to deliver whose lease is free or ran out; a new token.
 * - renew, before every write to Intercom: only while the token is still ours, so a consumer
 *   whose lease ran out and was taken by another never sends again. The write's call is bounded
 *   to end before the renewed lease does (its deadline), so nobody can take the row while a
 *   send of it may still be on its way.
 * - settle: only with our token, so a consumer that lost the row cannot overwrite what its new
 *   holder found, and never over a cancellation: an erasure that lands while the row is on its
 *   way cancels it, and what the send then answers changes nothing.
 */

export interface Lease {
  id: string;
  token: string;
}

export async function takeLease(
  db: Executor,
  id: string,
  now: Date,
  leaseMs: number,
): Promise<{ row: OutboxRow; lease: Lease } | null> {
  const token = crypto.randomUUID();
  const [row] = await db
    .update(outboxMessages)
    .set({ leaseUntil: new Date(now.getTime() + leaseMs), leaseToken: token })
    .where(
      and(
        eq(outboxMessages.id, id),
        inArray(outboxMessages.status, [...OPEN_STATUSES]),
        or(isNull(outboxMessages.leaseUntil), lt(outboxMessages.leaseUntil, now)),
      ),
    )
    .returning();
  return row ? { row, lease: { id, token } } : null;
}

/**
 * Extends our lease to `until`; false when the row is no longer ours (or no longer to
 * deliver). With `unsure`, the row is marked as possibly sent before the send goes out: if
 * this consumer dies with the write on its way, whoever takes the row next asks Intercom first.
 */
export async function renewLease(
  db: Executor,
  lease: Lease,
  now: Date,
  until: Date,
  unsure: boolean,
): Promise<boolean> {
  const renewed = await db
    .update(outboxMessages)
    .set({
      leaseUntil: until,
      ...(unsure
        ? {
            status: "unsure" as const,
            unsureSince: sql`coalesce(${outboxMessages.unsureSince}, ${now.toISOString()}::timestamptz)`,
            updatedAt: now,
          }
        : {}),
    })
    .where(
      and(
        eq(outboxMessages.id, lease.id),
        eq(outboxMessages.leaseToken, lease.token),
        inArray(outboxMessages.status, [...OPEN_STATUSES]),
      ),
    )
    .returning({ id: outboxMessages.id });
  return renewed.length > 0;
}

export type Settlement =
  | { status: "delivered"; result: unknown }
  | { status: "failed"; error: string; retryAt: Date }
  /** `since`: when the send that may have landed started (the earliest is kept). */
  | { status: "unsure"; error: string; retryAt: Date; since: Date }
  | { status: "dead"; error: string; unsureSince: Date | null };

/**
 * Records an attempt's end and frees the row; false when the lease was no longer ours, or the
 * row was cancelled meanwhile (the cancellation stands).
 */
export async function settleLeased(
  db: Executor,
  lease: Lease,
  now: Date,
  outcome: Settlement,
): Promise<boolean> {
  const unsureSince =
    outcome.status === "unsure"
      ? outcome.since
      : outcome.status === "dead"
        ? outcome.unsureSince
        : null;
  const settled = await db
    .update(outboxMessages)
    .set({
      status: outcome.status,
      attempts: sql`${outboxMessages.attempts} + 1`,
      lastError: outcome.status === "delivered" ? null : outcome.error,
      result: outcome.status === "delivered" ? (outcome.result ?? null) : undefined,
      deliveredAt: outcome.status === "delivered" ? now : undefined,
      nextAttemptAt: "retryAt" in outcome ? outcome.retryAt : undefined,
      unsureSince: unsureSince
        ? sql`coalesce(${outboxMessages.unsureSince}, ${unsureSince.toISOString()}::timestamptz)`
        : null,
      leaseUntil: null,
      leaseToken: null,
      updatedAt: now,
    })
    .where(
      and(
        eq(outboxMessages.id, lease.id),
        eq(outboxMessages.leaseToken, lease.token),
        ne(outboxMessages.status, "cancelled"),
      ),
    )
    .returning({ id: outboxMessages.id });
  return settled.length > 0;
}

/**
 * Delivery postponed without an attempt (no Intercom token yet): the rows stay as they are,
 * due again at `retryAt`, unless a consumer holds one right now.
 */
export async function postponeRows(
  db: Executor,
  ids: readonly string[],
  now: Date,
  retryAt: Date,
): Promise<number> {
  if (ids.length === 0) return 0;
  const postponed = await db
    .update(outboxMessages)
    .set({ nextAttemptAt: retryAt })
    .where(
      and(
        inArray(outboxMessages.id, [...ids]),
        inArray(outboxMessages.status, [...OPEN_STATUSES]),
        or(isNull(outboxMessages.leaseUntil), lt(outboxMessages.leaseUntil, now)),
      ),
    )
    .returning({ id: outboxMessages.id });
  return postponed.length;
}

/**
 * Writes whose queue retries ran out: dead, for an operator, unless settled meanwhile
 * (delivered and cancelled rows are settled for good).
 */
export async function markDeadLettered(
  db: Executor,
  ids: readonly string[],
  now: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outboxMessages)
    .set({ status: "dead", leaseUntil: null, updatedAt: now })
    .where(
      and(inArray(outboxMessages.id, [...ids]), inArray(outboxMessages.status, [...OPEN_STATUSES])),
    );
}

/**
 * Which of `ids` (note or message ids Intercom shows) other rows of the same kind were
 * settled with: a note found while settling an unsure row is only its own if no other row
 * already claimed it (two rows may hold the same body for the same contact).
 */
export async function claimedResultIds(
  db: Executor,
  row: { id: string; workspaceId: string; kind: OutboxRow["kind"] },
  field: "note_id" | "message_id",
  ids: readonly string[],
  /** The candidates were created after this: so were the deliveries that claimed them. */
  since: Date,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const claimed = await db
    .select({ id: sql<string>`${outboxMessages.result} ->> ${field}` })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.workspaceId, row.workspaceId),
        sql`${outboxMessages.kind} = ${row.kind}`,
        eq(outboxMessages.status, "delivered"),
        gte(outboxMessages.deliveredAt, since),
        sql`${outboxMessages.id} <> ${row.id}`,
        sql`${outboxMessages.result} ->> ${field} = any(${textArray(ids)})`,
      ),
    );
  return new Set(claimed.map((c) => c.id));
}
