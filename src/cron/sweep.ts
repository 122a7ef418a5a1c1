import { sweepDueOutbox } from "../outbox/sweep.ts";
import type { Services } from "../services.ts";
import { sendAll } from "../shared/queue-send.ts";
import { sweepStrandedDeliveries } from "../webhooks/sweep.ts";
import { stalledWritebackSlices } from "../writeback/resume.ts";
import { settleWritingRuns } from "../writeback/settle.ts";
import { resumeStalledRuns } from "./resume-sync.ts";

/** The minute's safety nets for lost queue sends: webhooks, outbox writes, sync chains. */
export async function sweepLostWork(services: Services) {
  const base = {
    db: services.db(),
    now: services.clock.now(),
    localQueuesStartedAt: services.config.LOCAL_QUEUES_STARTED_AT,
  };
  const webhooks = await sweepStrandedDeliveries({ ...base, queue: services.queues.webhooks });
  // Without a token nothing can be delivered: due rows wait in Postgres, not in the queue.
  const outbox = services.config.INTERCOM_ACCESS_TOKEN
    ? await sweepDueOutbox({ ...base, queue: services.queues.outbox })
    : 0;
  const syncs = await resumeStalledRuns(services);
  const writebacks = await stalledWritebackSlices(base.db, base.now, base.localQueuesStartedAt);
  await sendAll(services.queues.sync, writebacks);
  const settled = await settleWritingRuns(base.db, base.now);
  return {
    webhooks,
    outbox,
    resumed_sync_messages: syncs,
    resumed_writebacks: writebacks.length,
    writebacks_settled: settled,
  };
}
