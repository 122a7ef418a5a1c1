import type { Notification } from "../../sandbox/server.ts";
import { benchStack, SANDBOX_TOKEN } from "../stack.ts";
import { recordPreviousRun, writebackState } from "../writeback-state.ts";
import type { WorkspaceSize } from "./profiles.ts";
import type { Recorder } from "./recorder.ts";
import { WorkerApi } from "./worker-api.ts";
import { runWorkload, type WorkloadSettings } from "./workload.ts";

const WORKSPACE = "limits-workspace";
const ADMIN_KEY = "limits-admin-key";
const SETTINGS: WorkloadSettings = {
  clientSecret: "limits-client-secret",
  messengerSecret: "limits-messenger-secret",
  origin: "http://localhost:5173",
  // The sandbox's first seeded admin.
  adminId: "5000000",
};

/**
 * One workspace size from scratch: a sandbox seeded at that size, its own Postgres and
 * `wrangler dev` (benchStack, which is also the Worker's workspace: another's webhooks are
 * ignored), the workload, then everything stopped and removed, whatever happens.
 */
export async function runSize(
  size: WorkspaceSize,
  latencyMs: number,
  recorder: Recorder,
): Promise<void> {
  const captured: Notification[] = [];
  const bench = await benchStack({
    name: "limits",
    adminKey: ADMIN_KEY,
    clientSecret: SETTINGS.clientSecret,
    sandbox: {
      seed: 19,
      appId: WORKSPACE,
      sizes: {
        contacts: size.contacts,
        leads: 0,
        conversations: size.conversations,
        importedContacts: size.importedContacts,
        longConversationEvery: size.longConversationEvery,
        deletedConversations: size.deletedConversations,
        companies: size.companies,
      },
      // Intercom's latency, but not its rate limit: a 429 adds gate waits and retries that
      // depend on the minute, not on the work, and would blur the comparison of the two sizes.
      knobs: { rateLimitPerMinute: 1_000_000, latencyMs },
      captureWebhooks: (notification) => captured.push(notification),
    },
    vars: {
      INTERCOM_MESSENGER_SECRET: SETTINGS.messengerSecret,
      INTERCOM_ADMIN_ID: SETTINGS.adminId,
      ALLOWED_ORIGINS: SETTINGS.origin,
      // The meter's line is at debug; nothing else of the Worker's is read.
      LOG_LEVEL: "debug",
    },
    output: recorder.onLine,
  });
  try {
    const worker = bench.stack.worker;
    recorder.startSize(size.label, () => worker.pids());
    const state = writebackState(
      bench.stack.vars.DATABASE_URL ?? "",
      bench.sandbox,
      SANDBOX_TOKEN,
      WORKSPACE,
    );
    try {
      await runWorkload(
        new WorkerApi(bench.baseUrl, ADMIN_KEY, bench.db),
        bench.sandbox,
        recorder,
        size,
        captured,
        SETTINGS,
        async (changed) => {
          await recordPreviousRun(state, { skipFirst: changed });
        },
      );
    } finally {
      await state.close();
    }
  } finally {
    await bench.stop();
  }
}
