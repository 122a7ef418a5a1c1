import { finishDepsFor } from "../deps.ts";
import { recordSyncFailure } from "../sync/failures.ts";
import { runFinishSlice } from "../sync/finish.ts";
import type { FinishMessage } from "../sync/messages.ts";
import { countingSession, type SyncKindHandler } from "./sync-kinds.ts";

/**
 * One slice of a run's finish per message, so each has an invocation (and its 1,000
 * subrequests) of its own; the slice queues the next until the run ends.
 */
export const finishSlice: SyncKindHandler<FinishMessage> = {
  session: countingSession,
  async run(services, { client }, body) {
    const outcome = await runFinishSlice(finishDepsFor(services, client), body);
    if (outcome.kind === "continue") await services.queues.sync.send(outcome.next);
    services.logger.debug("sync finish message", { run: body.runId, outcome: outcome.kind });
  },
  // What Intercom refuses for good (or no token) fails the run: it cannot end without its
  // finish, and a failed run keeps its watermark, so the next run covers the same ground.
  async refused(services, body, error) {
    await recordSyncFailure(services.db(), body, error, services.clock.now());
  },
  retryWith: async () => null,
  async deadLettered(services, body) {
    await recordSyncFailure(services.db(), body, "retries exhausted", services.clock.now());
  },
};
