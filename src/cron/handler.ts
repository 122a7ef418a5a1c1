import type { Env } from "../config/env.ts";
import type { SyncKind, SyncMode } from "../db/schema/sync.ts";
import { startDepsFor } from "../deps.ts";
import { purgeExpired } from "../retention/purge.ts";
import { retentionSettingsFrom } from "../retention/settings.ts";
import { createServices, type Services } from "../services.ts";
import { AppError, errorMessage } from "../shared/errors.ts";
import { startSync } from "../sync/start.ts";
import { type CronJob, jobsFor } from "./schedules.ts";
import { sweepLostWork } from "./sweep.ts";

export async function handleScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const services = createServices(env, { cron: controller.cron }, () => `cron:${controller.cron}`);
  try {
    const jobs = jobsFor(controller.cron);
    if (jobs.length === 0)
      services.logger.error("no job for this cron expression", { cron: controller.cron });
    // Each job on its own: one failing must not keep the others from running.
    const results = await Promise.allSettled(jobs.map((job) => runJob(job, services)));
    results.forEach((result, i) => {
      if (result.status === "rejected")
        services.logger.error("cron job failed", {
          job: jobs[i],
          error: errorMessage(result.reason),
        });
    });
  } finally {
    await services.close();
  }
}

async function runJob(job: CronJob, services: Services): Promise<void> {
  switch (job) {
    case "sweep": {
      services.logger.info("cron finished", { job, ...(await sweepLostWork(services)) });
      return;
    }
    case "purge": {
      await purgeExpired({
        db: services.db(),
        now: services.clock.now(),
        settings: retentionSettingsFrom(services.config),
        logger: services.logger.child({ job }),
      });
      return;
    }
    case "contacts.incremental":
    case "contacts.full":
    case "conversations.incremental":
    case "conversations.full":
    case "companies.incremental":
    case "companies.full": {
      const [kind, mode] = job.split(".") as [SyncKind, SyncMode];
      const run = await startSync(kind, mode, "cron", startDepsFor(services)).catch(
        (error: unknown) => {
          // A run already in progress is the normal outcome of overlapping schedules; anything
          // else (a database down, a failing statement) is a real failure.
          if (error instanceof AppError && error.kind === "conflict")
            services.logger.info("sync not started", { job, reason: errorMessage(error) });
          else services.logger.error("sync could not start", { job, error: errorMessage(error) });
          return null;
        },
      );
      if (run) services.logger.info("sync started", { job, run: run.id });
      return;
    }
  }
}
