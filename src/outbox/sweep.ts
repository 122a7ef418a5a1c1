import type { Services } from "../services.ts";
import { lostBefore } from "../shared/queue-age.ts";
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
export async function sweepDueOutbox(services: Services, limit = 2000): Promise<number> {
  if (!services.config.INTERCOM_ACCESS_TOKEN) return 0;
  const cutoff = lostBefore(
    services.clock.now(),
    GRACE_MS,
    services.config.LOCAL_QUEUES_STARTED_AT,
  );
  const due = await findDue(services.db(), cutoff, limit);
  return sendAll(
    services.queues.outbox,
    due.map((id) => ({ kind: "outbox.deliver", id }) satisfies OutboxMessage),
  );
}
