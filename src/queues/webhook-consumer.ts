import { cancelIntentMatcher } from "../customers/cancel-intent.ts";
import type { Services } from "../services.ts";
import { errorMessage } from "../shared/errors.ts";
import { markDead, storeDeliveries } from "../webhooks/inbox.ts";
import { isWebhookMessage, refOf, type WebhookMessage } from "../webhooks/messages.ts";
import { processWebhookBatch } from "../webhooks/process.ts";
import { retryDelaySeconds } from "./backoff.ts";

const keyOf = (m: WebhookMessage) => {
  const ref = refOf(m);
  return `${ref.workspaceId}\u0000${ref.deliveryKey}`;
};

function validMessages(batch: MessageBatch<unknown>, services: Services) {
  const valid: Message<WebhookMessage>[] = [];
  for (const message of batch.messages) {
    if (isWebhookMessage(message.body)) valid.push(message as Message<WebhookMessage>);
    else {
      services.logger.error("dropping a message that is not a webhook message", { id: message.id });
      message.ack();
    }
  }
  return valid;
}

/** Applies a batch of webhook deliveries; only the deliveries that failed are retried. */
export async function consumeWebhooks(batch: MessageBatch<unknown>, services: Services) {
  const messages = validMessages(batch, services);
  try {
    const result = await processWebhookBatch(
      messages.map((m) => m.body),
      {
        db: services.db(),
        clock: services.clock,
        logger: services.logger,
        mentionsCancel: cancelIntentMatcher(services.config.CANCEL_KEYWORDS),
      },
    );
    const failed = new Set(
      result.failed.map((ref) => `${ref.workspaceId}\u0000${ref.deliveryKey}`),
    );
    for (const message of messages) {
      if (failed.has(keyOf(message.body)))
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      else message.ack();
    }
    services.logger.info("webhook batch processed", {
      messages: messages.length,
      applied: result.applied,
      ignored: result.ignored,
      rejected: result.rejected,
      failed: result.failed.length,
    });
  } catch (error) {
    // Nothing could be stored or read (Postgres unreachable): keep every message for later.
    services.logger.error("webhook batch could not be processed; retrying", {
      error: errorMessage(error),
    });
    for (const message of messages)
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
}

/**
 * Deliveries that used up their retries. They are stored (if the queue held the only copy)
 * and marked `dead` with their last error, for an operator to see and replay.
 */
export async function consumeWebhookDeadLetters(batch: MessageBatch<unknown>, services: Services) {
  const messages = validMessages(batch, services);
  const now = services.clock.now();
  try {
    await storeDeliveries(
      services.db(),
      messages.flatMap((m) => (m.body.kind === "webhook.delivery" ? [m.body.delivery] : [])),
    );
    await markDead(
      services.db(),
      messages.map((m) => refOf(m.body)),
      now,
      "retries exhausted",
    );
    for (const message of messages) message.ack();
    services.logger.warn("webhook deliveries moved to dead", { count: messages.length });
  } catch (error) {
    services.logger.error("dead-letter batch could not be recorded; retrying", {
      error: errorMessage(error),
    });
    for (const message of messages)
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts, 30) });
  }
}
