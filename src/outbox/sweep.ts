import type { Database } from "../db/client.ts";
import { lostBefore, type SweepDeps } from "../shared/queue-age.ts";
import { sendAll } from "../shared/queue-send.ts";
import type { OutboxMessage } from "./messages.ts";
import { findDue } from "./rows.ts";

/** A due row younger than this is probably still in the queue (sent or retried). */
const GRACE_MS = 2 * 60 * 1000;

/**
 * Queues outbox rows that are due but not on their way: their queue send failed, their
 * retries ran out of queue attempts, or they were accepted before Intercom was configured.
 * A row queued twice is delivered once (the lease and the status check see to it).
 */
export async function sweepDueOutbox(
  deps: SweepDeps<OutboxMessage, Database>,
  limit = 2000,
): Promise<number> {
  const cutoff = lostBefore(deps.now, GRACE_MS, deps.localQueuesStartedAt);
  const started = deps.localQueuesStartedAt;
  const restart =
    started === undefined ? undefined : { now: deps.now, queuesStartedAt: new Date(started) };
  const due = await findDue(deps.db, cutoff, limit, restart);
  return sendAll(
    deps.queue,
    due.map((id) => ({ kind: "outbox.deliver", id }) satisfies OutboxMessage),
  );
}
