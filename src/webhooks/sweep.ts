import type { Services } from "../services.ts";
import { findStranded } from "./inbox.ts";
import type { WebhookMessage } from "./messages.ts";

/** A stored delivery younger than this may still be on its way to the queue. */
const GRACE_MS = 2 * 60 * 1000;
const SEND_BATCH = 100;

/**
 * Finds deliveries that were written to Postgres but never queued (the queue send failed
 * after the write) and queues them. Re-queuing one that is already queued is harmless.
 */
export async function sweepStrandedDeliveries(services: Services, limit = 1000): Promise<number> {
  const cutoff = new Date(services.clock.now().getTime() - GRACE_MS);
  const stranded = await findStranded(services.db(), cutoff, limit);
  for (let i = 0; i < stranded.length; i += SEND_BATCH) {
    await services.queues.webhooks.sendBatch(
      stranded.slice(i, i + SEND_BATCH).map((ref) => ({
        body: { kind: "webhook.stored", ...ref } satisfies WebhookMessage,
      })),
    );
  }
  return stranded.length;
}
