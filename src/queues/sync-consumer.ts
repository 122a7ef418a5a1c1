import type { Services } from "../services.ts";
import { errorMessage } from "../shared/errors.ts";
import { QUEUE_BACKOFF, refusedForGood, retryWaitSeconds } from "../shared/retry.ts";
import { noteRetry } from "../sync/failures.ts";
import { asSyncMessage, type SyncMessage } from "../sync/messages.ts";
import { finishSlice } from "./sync-finish.ts";
import {
  companyScroll,
  contactStep,
  conversationMessage,
  type SyncKindHandler,
} from "./sync-kinds.ts";
import { writebackPlan } from "./writeback-plan.ts";

const HANDLERS = {
  "sync.contacts.step": contactStep,
  "sync.conversations.page": conversationMessage,
  "sync.conversations.parts": conversationMessage,
  "sync.companies.page": companyScroll,
  "sync.finish": finishSlice,
  "writeback.plan": writebackPlan,
} satisfies Record<SyncMessage["kind"], unknown>;

const handlerOf = (body: SyncMessage) => HANDLERS[body.kind] as SyncKindHandler<SyncMessage>;

const NO_TOKEN = "INTERCOM_ACCESS_TOKEN is not set";

/**
 * Runs sync messages. wrangler.toml delivers them one per batch, so each partition step and
 * part job has an invocation (subrequests, connections, memory, wall time) of its own, and
 * they run side by side as concurrent invocations (`max_concurrency`). Retryable failures go
 * back to the queue with backoff (Intercom's reset time for a 429); what Intercom refuses for
 * good is settled at once, as the dead-letter consumer settles what exhausted its retries.
 */
export async function consumeSync(batch: MessageBatch<unknown>, services: Services) {
  await Promise.all(
    batch.messages.map(async (message) => {
      const body = asSyncMessage(message.body);
      if (!body) {
        services.logger.error("dropping a message that is not a sync message", { id: message.id });
        return message.ack();
      }
      const handler = handlerOf(body);
      const session = handler.session(services);
      if (!session) {
        await handler.refused(services, body, NO_TOKEN);
        return message.ack();
      }
      try {
        await handler.run(services, session, body, message.attempts > 1);
        message.ack();
      } catch (error) {
        await handleFailure(services, handler, body, message, error);
      }
    }),
  );
}

/** The one failure rule of both kinds: refused for good is settled, anything else retried. */
async function handleFailure(
  services: Services,
  handler: SyncKindHandler<SyncMessage>,
  body: SyncMessage,
  message: Message<unknown>,
  error: unknown,
) {
  const text = errorMessage(error);
  const retryable = !refusedForGood(error);
  services.logger.warn("sync message failed", {
    run: body.runId,
    kind: body.kind,
    ...("partition" in body
      ? { partition: body.partition, page: body.page }
      : "key" in body
        ? { key: body.key }
        : { slice: body.slice }),
    attempts: message.attempts,
    retryable,
    error: text,
  });
  if (!retryable) {
    await handler.refused(services, body, text);
    return message.ack();
  }
  await noteRetry(services.db(), body.runId, text);
  const delaySeconds = retryWaitSeconds(
    error,
    message.attempts,
    QUEUE_BACKOFF,
    services.clock.now(),
  );
  const instead = await handler.retryWith(services, body, text);
  if (!instead) return message.retry({ delaySeconds });
  await services.queues.sync.send(instead, { delaySeconds });
  message.ack();
}

/**
 * Messages that exhausted their retries, recorded in sync_failures: a contact step fails its
 * run; a conversation page or part job is settled so the run can end (failed, watermark kept).
 */
export async function consumeSyncDeadLetters(batch: MessageBatch<unknown>, services: Services) {
  for (const message of batch.messages) {
    const body = asSyncMessage(message.body);
    if (body) await handlerOf(body).deadLettered(services, body);
    message.ack();
  }
}
