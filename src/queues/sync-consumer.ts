import { IntercomError } from "../intercom/errors.ts";
import type { Services } from "../services.ts";
import { errorMessage } from "../shared/errors.ts";
import { finishContactRunIfDone } from "../sync/contacts/finish.ts";
import { runStep } from "../sync/contacts/step.ts";
import { contactFinishDepsFor, stepDepsFor } from "../sync/deps.ts";
import { noteRetry, recordSyncFailure } from "../sync/failures.ts";
import { isSyncMessage, type SyncStepMessage } from "../sync/messages.ts";
import { stepFromCheckpoint } from "../sync/resume.ts";
import { failRun } from "../sync/runs.ts";
import { retryWaitSeconds } from "./backoff.ts";
import { consumeConversationMessage, recordConversationDeadLetter } from "./conversation-sync.ts";

/** Runs sync messages; partitions and part jobs arrive as separate messages and run side by side. */
export async function consumeSync(batch: MessageBatch<unknown>, services: Services) {
  await Promise.all(
    batch.messages.map(async (message) => {
      const body = message.body;
      if (!isSyncMessage(body)) {
        services.logger.error("dropping a message that is not a sync message", { id: message.id });
        return message.ack();
      }
      if (body.kind !== "sync.step") return consumeConversationMessage(services, body, message);
      const step = body;
      const client = services.intercom();
      if (!client) {
        await failRun(
          services.db(),
          step.runId,
          "INTERCOM_ACCESS_TOKEN is not set",
          services.clock.now(),
        );
        return message.ack();
      }
      try {
        const pages: Array<{ fetchMs: number; writeMs: number; records: number }> = [];
        const started = Date.now();
        const result = await runStep(step, {
          ...stepDepsFor(services, client),
          timings: (p) => pages.push(p),
        });
        services.logger.info("sync step", {
          run: step.runId,
          partition: step.partition,
          pages: pages.length,
          records: pages.reduce((n, p) => n + p.records, 0),
          fetch_ms: pages.reduce((n, p) => n + p.fetchMs, 0),
          write_ms: pages.reduce((n, p) => n + p.writeMs, 0),
          step_ms: Date.now() - started,
          outcome: result.kind,
        });
        if (result.kind === "continue") await services.queues.sync.send(result.next);
        if (result.kind === "partition_done") {
          await finishContactRunIfDone(contactFinishDepsFor(services, client), step.runId);
        }
        message.ack();
      } catch (error) {
        await handleFailure(services, step, message, error);
      }
    }),
  );
}

async function handleFailure(
  services: Services,
  step: SyncStepMessage,
  message: Message<unknown>,
  error: unknown,
) {
  const text = errorMessage(error);
  const retryable = !(error instanceof IntercomError) || error.retryable;
  services.logger.warn("sync step failed", {
    run: step.runId,
    partition: step.partition,
    page: step.page,
    retryable,
    error: text,
  });
  const db = services.db();
  if (!retryable) {
    await failRun(db, step.runId, text, services.clock.now());
    return message.ack();
  }
  await noteRetry(db, step.runId, text);
  const wait = retryWaitSeconds(error, message.attempts);
  // Retry from the checkpoint: pages this step wrote before failing must not be redone, and
  // a message for an older page would only find the checkpoint moved and stop the chain.
  const next = await stepFromCheckpoint(db, step).catch(() => null);
  if (!next) return message.retry({ delaySeconds: wait });
  if (next.page === step.page) return message.retry({ delaySeconds: wait });
  await services.queues.sync.send(next, { delaySeconds: wait });
  message.ack();
}

/**
 * Messages that exhausted their retries, recorded in sync_failures: a contact step fails its
 * run; a conversation page or part job is settled so the run can end (failed, watermark kept).
 */
export async function consumeSyncDeadLetters(batch: MessageBatch<unknown>, services: Services) {
  for (const message of batch.messages) {
    const body = message.body;
    if (isSyncMessage(body)) {
      if (body.kind === "sync.step")
        await recordSyncFailure(services.db(), body, "retries exhausted", services.clock.now());
      else await recordConversationDeadLetter(services, body);
    }
    message.ack();
  }
}
