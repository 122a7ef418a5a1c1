import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../src/config/env.ts";
import { syncFailures, syncPartitions, syncRuns } from "../../src/db/schema/sync.ts";
import { handleQueue } from "../../src/queues/handler.ts";
import { QUEUES } from "../../src/queues/names.ts";
import type { Services } from "../../src/services.ts";
import type { SyncMessage } from "../../src/sync/messages.ts";
import { startSync } from "../../src/sync/start.ts";
import { collectingQueue, SYNC_SANDBOX, servicesPerTest, syncServices } from "../support/sync.ts";

const workspace = servicesPerTest(syncServices);

/** One message on `queue`, as the platform hands it over, recording what the consumer did. */
function batchOf(queue: string, body: unknown) {
  const seen = { acked: false, retried: false };
  const batch = {
    queue,
    messages: [
      {
        id: "m-1",
        timestamp: new Date(),
        attempts: 1,
        body,
        ack: () => {
          seen.acked = true;
        },
        retry: () => {
          seen.retried = true;
        },
      },
    ],
    ackAll: () => {},
    retryAll: () => {},
  } as unknown as MessageBatch<unknown>;
  return { batch, seen };
}

/** A contact run started with its first step caught, re-labelled with the pre-rename kind. */
async function legacyFirstStep(s: Services) {
  const sent: SyncMessage[] = [];
  const run = await startSync("contacts", "incremental", "test", {
    client: null,
    db: s.db(),
    queue: collectingQueue(sent),
    workspaceId: s.config.INTERCOM_WORKSPACE_ID,
    now: new Date(),
  });
  expect(sent.map((m) => m.kind)).toEqual(["sync.contacts.step"]);
  return { run, legacy: { ...sent[0], kind: "sync.step" } };
}

const envFor = (s: Services) =>
  ({
    ...env,
    INTERCOM_API_BASE: SYNC_SANDBOX,
    INTERCOM_WORKSPACE_ID: s.config.INTERCOM_WORKSPACE_ID,
  }) as Env;

describe("contact step messages queued before the kind said 'contacts'", () => {
  it("a 'sync.step' in flight is consumed as a contact step: its pages are written", async () => {
    const s = workspace();
    const { run, legacy } = await legacyFirstStep(s);
    const { batch, seen } = batchOf(QUEUES.sync, legacy);
    await handleQueue(batch, envFor(s));
    expect(seen).toEqual({ acked: true, retried: false });
    const [partition] = await s
      .db()
      .select()
      .from(syncPartitions)
      .where(eq(syncPartitions.runId, run.id));
    expect(partition?.pages).toBeGreaterThan(0);
    expect(partition?.records).toBeGreaterThan(0);
  });

  it("a dead-lettered 'sync.step' fails its run with the step's key", async () => {
    const s = workspace();
    const { run, legacy } = await legacyFirstStep(s);
    const { batch, seen } = batchOf(QUEUES.syncDeadLetter, legacy);
    await handleQueue(batch, envFor(s));
    expect(seen.acked).toBe(true);
    const failures = await s.db().select().from(syncFailures).where(eq(syncFailures.runId, run.id));
    expect(failures.map((f) => [f.messageKey, f.error])).toEqual([
      ["step:0:0", "retries exhausted"],
    ]);
    const [row] = await s.db().select().from(syncRuns).where(eq(syncRuns.id, run.id));
    expect(row?.status).toBe("failed");
  });
});
