import type { Env } from "../config/env.ts";
import { sweepDueOutbox } from "../outbox/sweep.ts";
import { createServices } from "../services.ts";
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
        services.logger.info("cron finished", { job, webhooks, outbox });
        return;
      }
      case undefined:
        services.logger.error("no job for this cron expression", { cron: controller.cron });
    }
  } finally {
    await services.close();
  }
}
