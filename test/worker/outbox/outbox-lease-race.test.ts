import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { deliverDepsFor } from "../../../src/deps.ts";
import { type OutboxDeps, processOutboxBatch } from "../../../src/outbox/process.ts";
import { storeWrites } from "../../../src/outbox/rows.ts";
import { createServices } from "../../../src/services.ts";
import {
  newContact,
  notesOf,
  occurrences,
  tally,
  whenSettled,
} from "../../support/exactly-once.ts";
import { RACE_SANDBOX, raceLatency } from "../../support/race-sandbox.ts";

/*
 * Consumers racing for the same rows, as the platform allows: a message delivered twice at
 * once, and the minute's sweep re-queueing rows a slow batch has not reached yet. Intercom is
 * slow (700 ms a call) and the lease short (2.5 s), so a batch of eight notes sent one after
 * another outlives any lease taken at its start.
 */

const services = createServices({
  ...env,
  INTERCOM_API_BASE: RACE_SANDBOX,
  INTERCOM_WORKSPACE_ID: `ws_${crypto.randomUUID().slice(0, 8)}`,
} as Env);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterAll(async () => {
  await raceLatency(0);
  await services.close();
});

describe("two consumers and the sweep on the same rows", () => {
  it("send each note once", { timeout: 60_000 }, async () => {
    const contact = await newContact(RACE_SANDBOX);
    const run = crypto.randomUUID().slice(0, 8);
    const bodies = Array.from({ length: 8 }, (_, i) => `Renewal call ${run} #${i}`);
    const db = services.db();
    const rows = await storeWrites(
      db,
      services.config.INTERCOM_WORKSPACE_ID,
      bodies.map((body, i) => ({
        kind: "contact.note" as const,
        payload: { intercomId: contact, body },
        idempotencyKey: `race-${run}-${i}`,
        subject: contact,
      })),
    );
    const ids = rows.map((r) => r.id);
    const deliver = deliverDepsFor(services);
    const deps: OutboxDeps = {
      db,
      clock: services.clock,
      logger: services.logger,
      deliver,
      leaseMs: 2_500,
      concurrency: 1,
    };
    await raceLatency(700);
    // The same batch twice at once (a message delivered twice), then the sweep 3 s later.
    const first = processOutboxBatch(ids, deps);
    const second = processOutboxBatch(ids, deps);
    await sleep(3_000);
    const sweep = processOutboxBatch(ids, deps);
    const results = await Promise.all([first, second, sweep]);
    await raceLatency(0);

    expect(results.reduce((n, r) => n + r.delivered, 0)).toBe(8);
    expect(tally(await whenSettled(db, ids, 1_000))).toEqual({ delivered: 8 });
    const counts = occurrences((await notesOf(contact, RACE_SANDBOX)).map((n) => n.body));
    for (const body of bodies) expect(counts.get(body), body).toBe(1);
    // Each consumer delivered some: they really did share the rows.
    expect(results.filter((r) => r.delivered > 0).length).toBeGreaterThan(1);
  });
});
