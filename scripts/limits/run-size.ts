import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "../local/free-port.ts";
import { trackFolder } from "../local/leftovers.ts";
import { startLocalStack } from "../local/stack.ts";
import { type Notification, startSandbox } from "../sandbox/server.ts";
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
 * `wrangler dev`, the workload, then everything stopped and removed, whatever happens.
 */
export async function runSize(
  size: WorkspaceSize,
  latencyMs: number,
  recorder: Recorder,
): Promise<void> {
  const captured: Notification[] = [];
  const sandbox = await startSandbox({
    seed: 19,
    appId: WORKSPACE,
    sizes: {
      contacts: size.contacts,
      leads: 0,
      conversations: size.conversations,
      importedContacts: size.importedContacts,
      longConversationEvery: size.longConversationEvery,
      deletedConversations: size.deletedConversations,
    },
    // Intercom's latency, but not its rate limit: a 429 adds gate waits and retries that depend
    // on the minute, not on the work, and would blur the comparison of the two sizes.
    knobs: { rateLimitPerMinute: 1_000_000, latencyMs },
    captureWebhooks: (notification) => captured.push(notification),
  });
  let folder: string | undefined;
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
  let db: pg.Client | undefined;
  try {
    folder = await mkdtemp(join(tmpdir(), "intercom-bridge-limits-"));
    // Removed by the guardian too if this script is killed (scripts/local/leftovers.ts).
    trackFolder(folder);
    stack = await startLocalStack({
      port: await freePort(),
      dataDir: join(folder, "postgres"),
      temporaryData: true,
      vars: {
        INTERCOM_CLIENT_SECRET: SETTINGS.clientSecret,
        ADMIN_API_KEY: ADMIN_KEY,
        INTERCOM_ACCESS_TOKEN: "local-intercom-token",
        INTERCOM_API_BASE: sandbox.url,
        INTERCOM_WORKSPACE_ID: WORKSPACE,
        INTERCOM_MESSENGER_SECRET: SETTINGS.messengerSecret,
        INTERCOM_ADMIN_ID: SETTINGS.adminId,
        ALLOWED_ORIGINS: SETTINGS.origin,
        // The meter's line is at debug; nothing else of the Worker's is read.
        LOG_LEVEL: "debug",
      },
      wranglerOutput: recorder.onLine,
    });
    const worker = stack.worker;
    recorder.startSize(size.label, () => worker.pids());
    db = new pg.Client({ connectionString: stack.vars.DATABASE_URL });
    await db.connect();
    await runWorkload(
      new WorkerApi(stack.baseUrl, ADMIN_KEY, db),
      sandbox,
      recorder,
      size,
      captured,
      SETTINGS,
    );
  } finally {
    await db?.end().catch(() => {});
    await stack?.stop();
    await sandbox.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}
