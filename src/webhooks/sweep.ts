import type { Database } from "../db/client.ts";
import { lostBefore, type SweepDeps } from "../shared/queue-age.ts";
import { sendAll } from "../shared/queue-send.ts";
import { findStranded } from "./inbox.ts";
import type { WebhookMessage } from "./messages.ts";

/** A stored delivery younger than this may still be on its way to the queue. */
const GRACE_MS = 2 * 60 * 1000;

/**
 * Finds deliveries that were written to Postgres but never queued (the queue send failed
 * after the write) and queues them. Re-queuing one that is already queued is harmless.
 */
export async function sweepStrandedDeliveries(
  deps: SweepDeps<WebhookMessage, Database>,
  limit = 1000,
): Promise<number> {
  const cutoff = lostBefore(deps.now, GRACE_MS, deps.localQueuesStartedAt);
  const stranded = await findStranded(deps.db, cutoff, limit);
  return sendAll(
    deps.queue,
    stranded.map((ref) => ({ kind: "webhook.stored", ...ref }) satisfies WebhookMessage),
  );
}
