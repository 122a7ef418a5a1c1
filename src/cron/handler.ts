import type { Env } from "../config/env.ts";
import { createServices } from "../services.ts";
import { sweepStrandedDeliveries } from "../webhooks/sweep.ts";
import { jobFor } from "./schedules.ts";

export async function handleScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const services = createServices(env, { cron: controller.cron });
  try {
    const job = jobFor(controller.cron);
    switch (job) {
      case "webhooks.sweep": {
        const queued = await sweepStrandedDeliveries(services);
        services.logger.info("cron finished", { job, queued });
        return;
      }
      case undefined:
        services.logger.error("no job for this cron expression", { cron: controller.cron });
    }
  } finally {
    await services.close();
  }
}
