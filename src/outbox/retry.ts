import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { type OutboxStatus, outboxMessages } from "../db/schema/outbox.ts";
import { AppError } from "../shared/errors.ts";
import type { OutboxMessage } from "./messages.ts";

interface RetryDeps {
  db: Executor;
  queue: Queue<OutboxMessage>;
  now: Date;
}

export interface Retried {
  id: string;
  status: OutboxStatus;
  attempts: number;
  /** False when the row was already pending (a second retry): it was only re-queued. */
  changed: boolean;
}

/**
 * Sends an outbox row again now. A dead row goes back to `pending` with its attempts reset:
 * MAX_OUTBOX_ATTEMPTS counts from zero again, or a row dead of exhausted retries would die on
 * its first new failure. A failed row (waiting out its backoff) keeps its attempts and is due
 * at once. A pending one is only re-queued, so retrying twice is one retry; a delivered or
 * cancelled one is a conflict, and one being sent at this moment is left alone. The lease and
 * status check make a row queued twice deliver once, and the due sweep queues it later if this
 * queue send fails. A row one of whose sends may have landed unseen (`unsure_since`) comes back `unsure`,
 * not `pending`: Intercom is still asked before it is sent again.
 */
export async function retryOutboxRow(deps: RetryDeps, id: string): Promise<Retried> {
  const [row] = await deps.db
    .select({ status: outboxMessages.status, attempts: outboxMessages.attempts })
    .from(outboxMessages)
    .where(eq(outboxMessages.id, id));
  if (!row) throw new AppError("not_found", `no outbox row ${id}`);
  if (row.status === "delivered")
    throw new AppError("conflict", `outbox row ${id} is delivered: only dead rows are retried`);
  // Sending it would re-create an erased person in Intercom: cancelled is final.
  if (row.status === "cancelled")
    throw new AppError(
      "conflict",
      `outbox row ${id} was cancelled because the person it is about was erased: it is never sent`,
    );
  const [updated] = await deps.db
    .update(outboxMessages)
    .set({
      status: sql`case when ${outboxMessages.unsureSince} is null then 'pending' else 'unsure' end`,
      attempts: row.status === "dead" ? 0 : row.attempts,
      nextAttemptAt: deps.now,
      leaseUntil: null,
      updatedAt: deps.now,
    })
    .where(
      and(
        eq(outboxMessages.id, id),
        inArray(outboxMessages.status, ["dead", "failed", "unsure"]),
        // A failed row under lease is being sent right now: clearing the lease would let a
        // second consumer send it concurrently. It stays as it is and counts as on its way.
        or(isNull(outboxMessages.leaseUntil), lt(outboxMessages.leaseUntil, deps.now)),
      ),
    )
    .returning({ status: outboxMessages.status, attempts: outboxMessages.attempts });
  await deps.queue.send({ kind: "outbox.deliver", id });
  return {
    id,
    status: updated?.status ?? row.status,
    attempts: updated?.attempts ?? row.attempts,
    changed: Boolean(updated),
  };
}
