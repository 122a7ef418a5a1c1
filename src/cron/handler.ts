import type { Env } from "../config/env.ts";
import { sweepDueOutbox } from "../outbox/sweep.ts";
import { createServices } from "../services.ts";
import { errorMessage } from "../shared/errors.ts";
import { oldestCreatedAt } from "../sync/probe.ts";
import { resumeStalledRuns } from "../sync/resume.ts";
import { startContactRun } from "../sync/runs.ts";
import { sweepStrandedDeliveries } from "../webhooks/sweep.ts";
import { jobFor } from "./schedules.ts";

export async function handleScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const services = createServices(env, { cron: controller.cron });
  try {
    const job = jobFor(controller.cron);
    switch (job) {
      case "sweep": {
        const webhooks = await sweepStrandedDeliveries(services);
        const outbox = await sweepDueOutbox(services);
        const syncs = await resumeStalledRuns(services);
        services.logger.info("cron finished", { job, webhooks, outbox, resumed_partitions: syncs });
        return;
      }
      case "contacts.incremental":
      case "contacts.full": {
        const mode = job === "contacts.full" ? "full" : "incremental";
        const run = await startContactRun(mode, "cron", {
          oldestCreatedAt: mode === "full" ? await oldestCreatedAt(services.intercom()) : null,
          db: services.db(),
          queue: services.queues.sync,
          workspaceId: services.config.INTERCOM_WORKSPACE_ID,
          now: services.clock.now(),
        }).catch((error: unknown) => {
          // A run already in progress is the normal outcome of overlapping schedules.
          services.logger.info("contact sync not started", { job, reason: errorMessage(error) });
          return null;
        });
        if (run) services.logger.info("contact sync started", { job, run: run.id });
        return;
      }
      case undefined:
        services.logger.error("no job for this cron expression", { cron: controller.cron });
    }
  } finally {
    await services.close();
  }
}
