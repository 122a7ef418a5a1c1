import type { Database } from "../db/client.ts";
import { AppError, errorMessage } from "../shared/errors.ts";
import type { Logger } from "../shared/logger.ts";
import type { Delivery } from "./envelope.ts";
import { storeDeliveries } from "./inbox.ts";
import type { WebhookMessage } from "./messages.ts";
import type { DeliverySink } from "./receive.ts";

/** Cloudflare Queues take messages up to 128 KB; larger bodies go to Postgres first. */
const QUEUE_INLINE_LIMIT_BYTES = 100 * 1024;

/**
 * Stores a delivery durably before the 200: an awaited queue send (fast, no database round
 * trip on the request), or for large bodies, or when the queue refuses, an awaited database
 * write followed by a reference on the queue. If that last send fails, the cron sweep finds
 * the stored row and queues it.
 */
export function queueFirstSink(
  queue: Queue<WebhookMessage>,
  database: () => Database,
  logger: Logger,
): DeliverySink {
  return {
    async store(delivery: Delivery, sizeBytes: number) {
      if (sizeBytes <= QUEUE_INLINE_LIMIT_BYTES) {
        try {
          await queue.send({ kind: "webhook.delivery", delivery });
          return;
        } catch (error) {
          logger.warn("queue send failed; storing the delivery in Postgres", {
            deliveryKey: delivery.deliveryKey,
            error: errorMessage(error),
          });
        }
      }
      try {
        await storeDeliveries(database(), [delivery]);
      } catch (error) {
        throw new AppError("upstream_unavailable", "could not store the delivery; retry later", {
          cause: error,
        });
      }
      await queue
        .send({
          kind: "webhook.stored",
          workspaceId: delivery.workspaceId,
          deliveryKey: delivery.deliveryKey,
        })
        .catch((error) =>
          logger.warn("stored delivery not queued; the sweep will pick it up", {
            deliveryKey: delivery.deliveryKey,
            error: errorMessage(error),
          }),
        );
    },
  };
}
