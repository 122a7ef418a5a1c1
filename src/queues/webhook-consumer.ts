import { webhookDepsFor } from "../deps.ts";
import type { Services } from "../services.ts";
import { refusedByPostgres } from "../shared/error-text.ts";
import { errorMessage } from "../shared/errors.ts";
import { backoffDelay, QUEUE_BACKOFF, WEBHOOK_RETRY_WINDOW, windowDelay } from "../shared/retry.ts";
import { deliveryRefKey, markDead } from "../webhooks/inbox.ts";
import { isWebhookMessage, refOf, type WebhookMessage } from "../webhooks/messages.ts";
import { processWebhookBatch } from "../webhooks/process.ts";

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
      webhookDepsFor(services),
    );
    const failed = new Set(result.failed.map(deliveryRefKey));
    for (const message of messages) {
      if (failed.has(deliveryRefKey(refOf(message.body))))
        message.retry({ delaySeconds: backoffDelay(message.attempts, QUEUE_BACKOFF) });
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
      message.retry({ delaySeconds: backoffDelay(message.attempts, QUEUE_BACKOFF) });
  }
}

/**
 * Deliveries that used up the webhook queue's quick retries. Each is stored (if the queue held
 * the only copy) and applied once more: one that only waited out a Postgres outage ends
 * applied, one whose application still fails is marked `dead` with its error, for an operator.
 * While Postgres cannot be reached nothing is acked: each delivery is retried within
 * WEBHOOK_RETRY_WINDOW of its receipt, and given up (an error log that counts it) only once
 * the window has passed and the queue grants no more retries.
 */
export async function consumeWebhookDeadLetters(batch: MessageBatch<unknown>, services: Services) {
  const messages = validMessages(batch, services);
  if (messages.length === 0) return;
  try {
    await settleDeadLetters(messages, services);
  } catch (error) {
    if (messages.length === 1 || !refusedByPostgres(error))
      return holdOrGiveUp(messages, services, error);
    // Postgres is up and refused the batch: one delivery it cannot store (a NUL in its payload)
    // must not hold the others for the whole window, so each is tried on its own.
    for (const message of messages)
      await settleDeadLetters([message], services).catch((single) =>
        holdOrGiveUp([message], services, single),
      );
  }
}

async function settleDeadLetters(messages: Message<WebhookMessage>[], services: Services) {
  const result = await processWebhookBatch(
    messages.map((m) => m.body),
    webhookDepsFor(services),
  );
  await markDead(services.db(), result.failed, services.clock.now(), "retries exhausted");
  for (const message of messages) message.ack();
  // Dead ones need an operator; the rest only waited out an outage.
  const log = result.failed.length > 0 ? services.logger.warn : services.logger.info;
  log("webhook dead letters settled", {
    messages: messages.length,
    applied: result.applied,
    ignored: result.ignored,
    rejected: result.rejected,
    dead: result.failed.length,
  });
}

/** When a message was first seen: its delivery's receipt, which survives the move to the DLQ. */
function firstSeenMs(message: Message<WebhookMessage>): number {
  const received =
    message.body.kind === "webhook.delivery" ? Date.parse(message.body.delivery.receivedAt) : NaN;
  return Number.isFinite(received) ? received : message.timestamp.getTime();
}

function holdOrGiveUp(messages: Message<WebhookMessage>[], services: Services, error: unknown) {
  const now = services.clock.now().getTime();
  const lost: string[] = [];
  const leftInPostgres: string[] = [];
  let longest = 0;
  for (const message of messages) {
    const ageSeconds = Math.max(0, (now - firstSeenMs(message)) / 1000);
    const delaySeconds = windowDelay(ageSeconds, message.attempts, WEBHOOK_RETRY_WINDOW);
    if (delaySeconds !== null) {
      message.retry({ delaySeconds });
      longest = Math.max(longest, delaySeconds);
      continue;
    }
    message.ack();
    // An inline delivery may have been the only copy; a reference names a row already in
    // Postgres (received or failed), which stays replayable.
    (message.body.kind === "webhook.delivery" ? lost : leftInPostgres).push(
      refOf(message.body).deliveryKey,
    );
  }
  if (lost.length + leftInPostgres.length > 0) {
    services.logger.error("webhook deliveries given up after their retry window", {
      lost: lost.length,
      left_in_postgres: leftInPostgres.length,
      delivery_keys: [...lost, ...leftInPostgres],
      window_hours: WEBHOOK_RETRY_WINDOW.seconds / 3600,
      error: errorMessage(error),
    });
  }
  if (lost.length + leftInPostgres.length < messages.length) {
    services.logger.error("webhook dead letters could not be stored; held for a retry", {
      held: messages.length - lost.length - leftInPostgres.length,
      longest_delay_seconds: longest,
      error: errorMessage(error),
    });
  }
}
