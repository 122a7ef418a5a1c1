import type { Services } from "../services.ts";
import { lostBefore } from "../shared/queue-age.ts";
import { resendStalled, STALL_MS } from "../sync/stalled.ts";

/**
 * The minute's sync safety net: stalled chains, part jobs and finishes are re-sent as
 * messages, so the cron itself makes no Intercom call. Returns the messages sent.
 */
export async function resumeStalledRuns(services: Services): Promise<number> {
  const now = services.clock.now();
  const localQueuesStartedAt = services.config.LOCAL_QUEUES_STARTED_AT;
  const stalledBefore = lostBefore(now, STALL_MS, localQueuesStartedAt);
  return resendStalled({
    db: services.db(),
    workspaceId: services.config.INTERCOM_WORKSPACE_ID,
    queue: services.queues.sync,
    now,
    stalledBefore,
    localQueuesStartedAt,
  });
}
