import { and, eq } from "drizzle-orm";
import { syncPartJobs, syncRuns } from "../db/schema/sync.ts";
import { IntercomError } from "../intercom/errors.ts";
import type { Services } from "../services.ts";
import { errorMessage } from "../shared/errors.ts";
import { finishConversationRunIfDone } from "../sync/conversations/finish.ts";
import { runConversationPage } from "../sync/conversations/page.ts";
import { runPartJob } from "../sync/conversations/parts.ts";
import { conversationDepsFor } from "../sync/deps.ts";
import { noteRetry, recordSyncFailure } from "../sync/failures.ts";
import type { ConversationPageMessage, ConversationPartsMessage } from "../sync/messages.ts";
import { retryWaitSeconds } from "./backoff.ts";

type ConversationMessage = ConversationPageMessage | ConversationPartsMessage;

/**
 * One page or one part job. Retryable failures go back to the queue with backoff (Intercom's
 * reset time for a 429); what Intercom refuses for good is recorded at once, as the
 * dead-letter consumer records what exhausted its retries.
 */
export async function consumeConversationMessage(
  services: Services,
  body: ConversationMessage,
  message: Message<unknown>,
) {
  let rateLimited = 0;
  const client = services.intercom((status) => {
    if (status === 429) rateLimited += 1;
  });
  if (!client) {
    await recordSyncFailure(
      services.db(),
      body,
      "INTERCOM_ACCESS_TOKEN is not set",
      services.clock.now(),
    );
    return message.ack();
  }
  const deps = conversationDepsFor(services, client, () => {
    const seen = rateLimited;
    rateLimited = 0;
    return seen;
  });
  try {
    const outcome =
      body.kind === "sync.conversations.page"
        ? await runConversationPage(body, deps)
        : await runPartJob(body, deps);
    services.logger.debug("conversation sync message", { kind: body.kind, outcome });
    message.ack();
  } catch (error) {
    const text = errorMessage(error);
    const retryable = !(error instanceof IntercomError) || error.retryable;
    services.logger.warn("conversation sync message failed", {
      run: body.runId,
      kind: body.kind,
      attempts: message.attempts,
      retryable,
      error: text,
    });
    const db = services.db();
    if (!retryable) {
      await recordSyncFailure(db, body, text, services.clock.now());
      await finishConversationRunIfDone(deps, body.runId);
      return message.ack();
    }
    await noteRetry(db, body.runId, text);
    if (body.kind === "sync.conversations.parts")
      await db
        .update(syncPartJobs)
        .set({ lastError: text, updatedAt: services.clock.now() })
        .where(and(eq(syncPartJobs.runId, body.runId), eq(syncPartJobs.key, body.key)))
        .catch(() => {});
    const wait = retryWaitSeconds(error, message.attempts);
    message.retry({ delaySeconds: wait });
  }
}

/** Dead letters: recorded with the last error the run saw, and the run settles without them. */
export async function recordConversationDeadLetter(services: Services, body: ConversationMessage) {
  const db = services.db();
  const [run] = await db
    .select({ lastError: syncRuns.lastError })
    .from(syncRuns)
    .where(eq(syncRuns.id, body.runId));
  await recordSyncFailure(
    db,
    body,
    `retries exhausted${run?.lastError ? `: ${run.lastError}` : ""}`,
    services.clock.now(),
  );
  const client = services.intercom();
  if (client) await finishConversationRunIfDone(conversationDepsFor(services, client), body.runId);
}
