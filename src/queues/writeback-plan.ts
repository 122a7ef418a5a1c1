import { writebackPlanDepsFor } from "../deps.ts";
import { failWritebackRun, runPlanSlice, type WritebackPlanMessage } from "../writeback/plan.ts";
import { currentSlice } from "../writeback/resume.ts";
import { countingSession, type SyncKindHandler } from "./sync-kinds.ts";

/**
 * One slice of a write-back run's planning per message. Its retries and dead letters are the
 * sync queue's; what cannot be retried fails the run with the reason.
 */
export const writebackPlan: SyncKindHandler<WritebackPlanMessage> = {
  session: countingSession,
  async run(services, { client }, body, redelivered) {
    const outcome = await runPlanSlice(body, writebackPlanDepsFor(services, client));
    services.logger.info("write-back slice", {
      run: body.runId,
      slice: body.slice,
      outcome: outcome.kind,
      ...(outcome.kind === "planned" ? { planned: outcome.planned } : {}),
    });
    if (outcome.kind === "continue")
      await services.queues.sync.send(outcome.next, { delaySeconds: outcome.delaySeconds });
    // A redelivered copy of a slice that committed before its next message was sent.
    if (outcome.kind === "stale" && redelivered) {
      const current = await currentSlice(services.db(), body.runId);
      if (current && current.slice > body.slice) await services.queues.sync.send(current);
    }
  },
  refused: (services, body, error) =>
    failWritebackRun(services.db(), body.runId, error, services.clock.now()),
  retryWith: async () => null,
  deadLettered: (services, body) =>
    failWritebackRun(
      services.db(),
      body.runId,
      `slice ${body.slice} failed after every retry`,
      services.clock.now(),
    ),
};
