import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { syncFailures, syncPartitions, syncRuns } from "../../../src/db/schema/sync.ts";
import { handleQueue } from "../../../src/queues/handler.ts";
import { QUEUES } from "../../../src/queues/names.ts";
import type { Services } from "../../../src/services.ts";
import { batchOf } from "../../support/queue-batch.ts";
import { SYNC_SANDBOX, servicesPerTest, startCaught, syncServices } from "../../support/sync.ts";

const workspace = servicesPerTest(syncServices);

/** A contact run started with its first step caught, re-labelled with the pre-rename kind. */
async function legacyFirstStep(s: Services) {
  const { run, sent } = await startCaught(s, "contacts");
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
    const { batch, seen } = batchOf(QUEUES.sync, [legacy]);
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
    const { batch, seen } = batchOf(QUEUES.syncDeadLetter, [legacy]);
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
