import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { outboxMessages } from "../../../src/db/schema/outbox.ts";
import type { OutboxMessage } from "../../../src/outbox/messages.ts";
import { storeWrites } from "../../../src/outbox/rows.ts";
import { sweepDueOutbox } from "../../../src/outbox/sweep.ts";
import { createServices } from "../../../src/services.ts";
import { collectingQueue, servicesPerTest } from "../../support/sync.ts";

/*
 * Found by the soak (scripts/perf/soak/): locally the queues live in workerd's memory, and a
 * row whose consumer had queued its retry just before a kill waited out the sweep's 2-minute
 * grace after it fell due, though its message had gone with the killed process: the rule is
 * that work last touched before the local queues started is resumed at once.
 */

const services = servicesPerTest(() => createServices(env as unknown as Env));
// Long ago: the sweep takes the earliest due rows of the shared database first (2,000 at most),
// and every other test's rows are due later than these.
const T0 = Date.UTC(2000, 0, 1);
const at = (seconds: number) => new Date(T0 + seconds * 1000);

async function retryRow(settledAt: Date, dueAt: Date) {
  const db = services().db();
  const key = `restart-${crypto.randomUUID()}`;
  const [row] = await storeWrites(db, `ws_${crypto.randomUUID().slice(0, 8)}`, [
    { kind: "contact.identify", subject: key, idempotencyKey: key, payload: { userId: key } },
  ]);
  const id = row?.id ?? "";
  // As a consumer leaves a failed attempt: settled, retried later through the queue.
  await db
    .update(outboxMessages)
    .set({ status: "failed", attempts: 1, updatedAt: settledAt, nextAttemptAt: dueAt })
    .where(eq(outboxMessages.id, id));
  return id;
}

async function sweepAt(now: Date, localQueuesStartedAt: Date) {
  const sent: OutboxMessage[] = [];
  await sweepDueOutbox({
    db: services().db(),
    queue: collectingQueue(sent),
    now,
    localQueuesStartedAt: localQueuesStartedAt.getTime(),
  });
  return sent.map((m) => m.id);
}

describe("the outbox sweep after the local queues restarted", () => {
  it("re-queues at once a due row settled before the restart, not one settled after", async () => {
    // Settled at T0 with its retry due 10 s later; the Worker killed and back at T0 + 5 s.
    const lost = await retryRow(at(0), at(10));
    const queuedSince = await retryRow(at(6), at(10));
    expect(await sweepAt(at(8), at(5))).not.toContain(lost);
    const swept = await sweepAt(at(20), at(5));
    expect(swept).toContain(lost);
    expect(swept).not.toContain(queuedSince);
  });
});
