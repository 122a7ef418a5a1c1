import type { Services } from "../services.ts";
import type { OutboxMessage } from "./accept.ts";
import { findDue } from "./store.ts";

/** A due row younger than this is probably still in the queue (sent or retried). */
const GRACE_MS = 2 * 60 * 1000;
const SEND_BATCH = 100;

/**
 * Queues outbox rows that are due but not on their way: their queue send failed, their
 * retries ran out of queue attempts, or they were accepted before Intercom was configured.
 * A row queued twice is delivered once (the lease and the status check see to it).
 */
export async function sweepDueOutbox(services: Services, limit = 2000): Promise<number> {
  if (!services.config.INTERCOM_ACCESS_TOKEN) return 0;
  const cutoff = new Date(services.clock.now().getTime() - GRACE_MS);
  const due = await findDue(services.db(), cutoff, limit);
  for (let i = 0; i < due.length; i += SEND_BATCH) {
    await services.queues.outbox.sendBatch(
      due.slice(i, i + SEND_BATCH).map((id) => ({
        body: { kind: "outbox.deliver", id } satisfies OutboxMessage,
      })),
    );
  }
  return due.length;
}
