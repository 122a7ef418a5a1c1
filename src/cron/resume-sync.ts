import { contactFinishDepsFor, conversationDepsFor } from "../deps.ts";
import type { Services } from "../services.ts";
import { lostBefore } from "../shared/queue-age.ts";
import { finishContactRunIfDone } from "../sync/contacts/finish.ts";
import { finishConversationRunIfDone } from "../sync/conversations/finish.ts";
import { resendStalled, runsToFinish, STALL_MS } from "../sync/stalled.ts";

/**
 * The minute's sync safety net: stalled chains and part jobs are re-sent, and runs whose work
 * is all done but whose finish never ran (or died) are finished. Returns the messages sent.
 */
export async function resumeStalledRuns(services: Services): Promise<number> {
  const now = services.clock.now();
  const stalledBefore = lostBefore(now, STALL_MS, services.config.LOCAL_QUEUES_STARTED_AT);
  const db = services.db();
  const sent = await resendStalled({ db, queue: services.queues.sync, now, stalledBefore });
  // Finishing asks Intercom (deleted contacts, deleted conversations): not without a token.
  const client = services.intercom();
  if (!client) return sent;
  for (const run of await runsToFinish(db, stalledBefore)) {
    if (run.kind === "conversations")
      await finishConversationRunIfDone(conversationDepsFor(services, client), run.id);
    else await finishContactRunIfDone(contactFinishDepsFor(services, client), run.id);
  }
  return sent;
}
