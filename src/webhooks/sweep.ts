import type { Services } from "../services.ts";
import { lostBefore } from "../shared/queue-age.ts";
import { sendAll } from "../shared/queue-send.ts";
import { findStranded } from "./inbox.ts";
import type { WebhookMessage } from "./messages.ts";

/** A stored delivery younger than this may still be on its way to the queue. */
const GRACE_MS = 2 * 60 * 1000;

/**
 * Finds deliveries that were written to Postgres but never queued (the queue send failed
 * after the write) and queues them. Re-queuing one that is already queued is harmless.
 */
export async function sweepStrandedDeliveries(services: Services, limit = 1000): Promise<number> {
  const cutoff = lostBefore(
    services.clock.now(),
    GRACE_MS,
    services.config.LOCAL_QUEUES_STARTED_AT,
  );
  const stranded = await findStranded(services.db(), cutoff, limit);
  return sendAll(
    services.queues.webhooks,
    stranded.map((ref) => ({ kind: "webhook.stored", ...ref }) satisfies WebhookMessage),
  );
}
