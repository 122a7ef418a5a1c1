import { deliverDepsFor } from "../deps.ts";
import { markDeadLettered } from "../outbox/lease.ts";
import { isOutboxMessage, type OutboxMessage } from "../outbox/messages.ts";
import { processOutboxBatch } from "../outbox/process.ts";
import type { Services } from "../services.ts";
import { errorMessage } from "../shared/errors.ts";
import { backoffDelay, QUEUE_BACKOFF } from "../shared/retry.ts";

function validMessages(batch: MessageBatch<unknown>, services: Services) {
  const valid: Message<OutboxMessage>[] = [];
  for (const message of batch.messages) {
    if (isOutboxMessage(message.body)) valid.push(message as Message<OutboxMessage>);
    else {
      services.logger.error("dropping a message that is not an outbox message", { id: message.id });
      message.ack();
    }
  }
  return valid;
}

/** Delivers outbox rows; only the ones that failed retryably are retried, with their delay. */
export async function consumeOutbox(batch: MessageBatch<unknown>, services: Services) {
  const messages = validMessages(batch, services);
  try {
    const result = await processOutboxBatch(
      messages.map((m) => m.body.id),
      {
        db: services.db(),
        clock: services.clock,
        logger: services.logger,
        deliver: deliverDepsFor(services),
      },
    );
    const retry = new Map(result.retry.map((r) => [r.id, r.delaySeconds]));
    for (const message of messages) {
      const delaySeconds = retry.get(message.body.id);
      if (delaySeconds === undefined) message.ack();
      else message.retry({ delaySeconds });
    }
    services.logger.info("outbox batch processed", {
      messages: messages.length,
      delivered: result.delivered,
      dead: result.dead,
      retried: result.retry.length,
      skipped: result.skipped,
    });
  } catch (error) {
    services.logger.error("outbox batch could not be processed; retrying", {
      error: errorMessage(error),
    });
    for (const message of messages)
      message.retry({ delaySeconds: backoffDelay(message.attempts, QUEUE_BACKOFF) });
  }
}

/** Writes whose queue retries ran out: recorded as dead, unless settled meanwhile. */
export async function consumeOutboxDeadLetters(batch: MessageBatch<unknown>, services: Services) {
  const messages = validMessages(batch, services);
  try {
    await markDeadLettered(
      services.db(),
      messages.map((m) => m.body.id),
      services.clock.now(),
    );
    for (const message of messages) message.ack();
  } catch (error) {
    services.logger.error("outbox dead letters not recorded; retrying", {
      error: errorMessage(error),
    });
    for (const message of messages) message.retry({ delaySeconds: 30 });
  }
}
