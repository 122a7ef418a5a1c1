import { and, desc, eq, getTableColumns, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { afterKey, exactText, type PageKey } from "../db/keyset.ts";
import { budgetedFields } from "../db/page-budget.ts";
import { type OutboxStatus, outboxMessages } from "../db/schema/outbox.ts";
import { OPEN_STATUSES } from "../db/statuses.ts";
import type { OutboxWrite } from "./payloads.ts";

export type OutboxRow = typeof outboxMessages.$inferSelect;

export interface Accepted {
  id: string;
  idempotencyKey: string;
  /** False when the key was seen before: the earlier row stands, nothing new is sent. */
  created: boolean;
  status: OutboxStatus;
}

const byKey = (a: OutboxWrite, b: OutboxWrite) =>
  a.idempotencyKey < b.idempotencyKey ? -1 : a.idempotencyKey > b.idempotencyKey ? 1 : 0;

/** Stores writes; a repeated idempotency key returns the existing row instead. */
export async function storeWrites(
  db: Executor,
  workspaceId: string,
  writes: readonly OutboxWrite[],
): Promise<Accepted[]> {
  if (writes.length === 0) return [];
  const inserted = await db
    .insert(outboxMessages)
    .values(
      // In key order, so two requests holding the same keys wait for each other instead of
      // deadlocking on the unique index.
      [...writes].sort(byKey).map((w) => ({
        workspaceId,
        kind: w.kind,
        idempotencyKey: w.idempotencyKey,
        subject: w.subject,
        payload: w.payload,
      })),
    )
    .onConflictDoNothing({ target: [outboxMessages.workspaceId, outboxMessages.idempotencyKey] })
    .returning({ id: outboxMessages.id, key: outboxMessages.idempotencyKey });
  const created = new Map(inserted.map((r) => [r.key, r.id]));
  const missing = writes.map((w) => w.idempotencyKey).filter((k) => !created.has(k));
  const existing = missing.length
    ? await db
        .select({
          id: outboxMessages.id,
          key: outboxMessages.idempotencyKey,
          status: outboxMessages.status,
        })
        .from(outboxMessages)
        .where(
          and(
            eq(outboxMessages.workspaceId, workspaceId),
            inArray(outboxMessages.idempotencyKey, missing),
          ),
        )
    : [];
  const before = new Map(existing.map((r) => [r.key, r]));
  return writes.map((w) => {
    const id = created.get(w.idempotencyKey);
    if (id) return { id, idempotencyKey: w.idempotencyKey, created: true, status: "pending" };
    const row = before.get(w.idempotencyKey);
    if (!row) throw new Error(`outbox row for ${w.idempotencyKey} vanished`);
    return { id: row.id, idempotencyKey: w.idempotencyKey, created: false, status: row.status };
  });
}

/**
 * Rows due for (re)delivery whose queue message was lost or never sent: due since before
 * `cutoff` and not leased then; and locally (`restart`), any row due now that was last settled
 * before the local queues started, whose consumer had queued its retry in the process that
 * was killed (the retry was due after the restart, so `cutoff` alone kept it waiting for the
 * whole grace period).
 */
export async function findDue(
  db: Executor,
  cutoff: Date,
  limit: number,
  restart?: { now: Date; queuesStartedAt: Date },
) {
  const rows = await db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(
      and(
        inArray(outboxMessages.status, [...OPEN_STATUSES]),
        or(
          and(
            lte(outboxMessages.nextAttemptAt, cutoff),
            or(isNull(outboxMessages.leaseUntil), lt(outboxMessages.leaseUntil, cutoff)),
          ),
          restart &&
            and(
              lt(outboxMessages.updatedAt, restart.queuesStartedAt),
              lte(outboxMessages.nextAttemptAt, restart.now),
              or(isNull(outboxMessages.leaseUntil), lt(outboxMessages.leaseUntil, restart.now)),
            ),
        ),
      ),
    )
    .orderBy(outboxMessages.nextAttemptAt)
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function listOutbox(
  db: Executor,
  filter: {
    status?: OutboxStatus | undefined;
    kind?: string | undefined;
    limit: number;
    /** `[created_at, id]` of the row before: newest first. */
    after?: PageKey | undefined;
  },
) {
  const o = outboxMessages;
  const page = db
    .select({ ...getTableColumns(o), at: exactText(o.createdAt).as("at") })
    .from(o)
    .where(
      and(
        filter.status ? eq(o.status, filter.status) : undefined,
        filter.kind ? sql`${o.kind} = ${filter.kind}` : undefined,
        afterKey([o.createdAt, o.id], filter.after),
      ),
    )
    .orderBy(desc(o.createdAt), desc(o.id))
    .limit(filter.limit)
    .as("page");
  // Payloads (up to 256 KB) and results load only within the page budget (listDeliveries).
  const { fields, order } = budgetedFields(page, ["payload", "result"], (f) => [
    sql`${f("createdAt")} desc`,
    sql`${f("id")} desc`,
  ]);
  return db
    .select(fields)
    .from(page)
    .orderBy(...order);
}
