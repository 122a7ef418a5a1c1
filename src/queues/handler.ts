import type { Env } from "../config/env.ts";
import { createServices } from "../services.ts";
import { errorMessage } from "../shared/errors.ts";
import { QUEUES } from "./names.ts";
import { consumeOutbox, consumeOutboxDeadLetters } from "./outbox-consumer.ts";
import { consumeSync, consumeSyncDeadLetters } from "./sync-consumer.ts";
import { consumeWebhookDeadLetters, consumeWebhooks } from "./webhook-consumer.ts";

/** `queue:<name>/<kinds of its messages>`: what the invocation's meter line is filed under. */
function invocationName(batch: MessageBatch<unknown>): string {
  const kinds = new Set<string>();
  for (const message of batch.messages) {
    const kind = (message.body as { kind?: unknown } | null)?.kind;
    kinds.add(typeof kind === "string" ? kind : "unknown");
  }
  return `queue:${batch.queue}/${kinds.size > 0 ? [...kinds].sort().join("+") : "empty"}`;
}

export async function handleQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const services = createServices(
    env,
    { queue: batch.queue, messages: batch.messages.length },
    () => invocationName(batch),
  );
  try {
    switch (batch.queue) {
      case QUEUES.webhooks:
        return await consumeWebhooks(batch, services);
      case QUEUES.webhooksDeadLetter:
        return await consumeWebhookDeadLetters(batch, services);
      case QUEUES.outbox:
        return await consumeOutbox(batch, services);
      case QUEUES.outboxDeadLetter:
        return await consumeOutboxDeadLetters(batch, services);
      case QUEUES.sync:
      case QUEUES.companyScroll:
        return await consumeSync(batch, services);
      case QUEUES.syncDeadLetter:
        return await consumeSyncDeadLetters(batch, services);
      default:
        services.logger.error("batch from a queue this worker does not consume", {
          queue: batch.queue,
        });
        batch.retryAll();
    }
  } catch (error) {
    // What escapes is printed by the runtime itself: only the described cause, never SQL text
    // or values. Throwing still retries the batch.
    services.logger.error("queue batch failed", { error: errorMessage(error) });
    throw new Error(errorMessage(error));
  } finally {
    await services.close();
  }
}
