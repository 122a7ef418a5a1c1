import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { auditEvents, outboxMessages, webhookDeliveries } from "../../../src/db/schema/index.ts";
import { trackBudgets } from "../../../src/db/schema/track.ts";
import worker from "../../../src/index.ts";
import type { OutboxWrite } from "../../../src/outbox/payloads.ts";
import { storeWrites } from "../../../src/outbox/rows.ts";
import { purgeExpired } from "../../../src/retention/purge.ts";
import { AUDIT_RETENTION_DAYS, type RetentionSettings } from "../../../src/retention/settings.ts";
import { createServices } from "../../../src/services.ts";
import {
  ago,
  DAY,
  deliveryKeys,
  insertDelivery,
  insertOutbox,
  insertRun,
  MINUTE,
  outboxKeys,
  runExists,
  runRows,
  settings,
  workspace,
} from "../../support/retention.ts";
import { servicesPerTest } from "../../support/sync.ts";
import { consume, listDeliveries, notification, uniqueAppId } from "../../support/webhooks.ts";

// Every purge here is global, so every test lives in this one file (tests in a file run one
// after another) and dates its rows around a "now" in 2001, far from what other files write.
const NOW = new Date("2001-06-01T04:30:00Z");
const services = servicesPerTest(() => createServices(env as unknown as Env));

function purge(overrides: Partial<RetentionSettings> = {}, now = NOW) {
  const s = services();
  return purgeExpired({ db: s.db(), now, settings: settings(overrides), logger: s.logger });
}

const STATUSES = ["received", "applied", "ignored", "failed", "dead"] as const;

describe("retention purge: webhook deliveries", () => {
  it("deletes applied and ignored deliveries past the limit, and nothing else", async () => {
    const db = services().db();
    const ws = workspace();
    for (const status of STATUSES) {
      await insertDelivery(db, ws, `in-${status}`, status, ago(NOW, 30 * DAY - MINUTE));
      await insertDelivery(db, ws, `out-${status}`, status, ago(NOW, 30 * DAY + MINUTE));
    }
    const result = await purge();
    expect(result.complete).toBe(true);
    expect(await deliveryKeys(db, ws)).toEqual(
      [...STATUSES.map((s) => `in-${s}`), "out-dead", "out-failed", "out-received"].sort(),
    );
  });

  it("keeps deliveries 8 days even when asked for fewer", async () => {
    const db = services().db();
    const ws = workspace();
    await insertDelivery(db, ws, "young", "applied", ago(NOW, 8 * DAY - MINUTE));
    await insertDelivery(db, ws, "old", "applied", ago(NOW, 8 * DAY + MINUTE));
    await purge({ deliveriesDays: 3 });
    expect(await deliveryKeys(db, ws)).toEqual(["young"]);
  });

  it("still recognises a redelivery younger than 8 days; an older one is new again", async () => {
    const db = services().db();
    const appId = uniqueAppId();
    const n = notification("contact.user.updated", { appId, contactId: "c1", at: 1_763_800_000 });
    await consume([n]);
    const backdate = (ms: number) =>
      db
        .update(webhookDeliveries)
        .set({ receivedAt: ago(NOW, ms) })
        .where(eq(webhookDeliveries.workspaceId, appId));
    await backdate(8 * DAY - MINUTE);
    await purge({ deliveriesDays: 8 });
    await consume([n]);
    expect(await listDeliveries(appId)).toMatchObject([{ status: "applied", attempts: 1 }]);

    await backdate(8 * DAY + MINUTE);
    await purge({ deliveriesDays: 8 });
    expect(await listDeliveries(appId)).toEqual([]);
    // Past the window the key is free: the replay is stored and applied again (order-safe).
    await consume([n]);
    expect(await listDeliveries(appId)).toMatchObject([{ status: "applied", attempts: 1 }]);
  });
});

describe("retention purge: outbox", () => {
  it("deletes delivered rows past the limit; pending, failed and dead stay", async () => {
    const db = services().db();
    const ws = workspace();
    for (const status of ["pending", "delivered", "failed", "dead"] as const) {
      await insertOutbox(db, ws, `in-${status}`, status, ago(NOW, 30 * DAY - MINUTE));
      await insertOutbox(db, ws, `out-${status}`, status, ago(NOW, 30 * DAY + MINUTE));
    }
    await purge();
    expect(await outboxKeys(db, ws)).toEqual([
      "in-dead",
      "in-delivered",
      "in-failed",
      "in-pending",
      "out-dead",
      "out-failed",
      "out-pending",
    ]);
  });

  it("keeps a row created long ago but delivered recently", async () => {
    const db = services().db();
    const ws = workspace();
    await insertOutbox(db, ws, "late", "delivered", ago(NOW, 60 * DAY));
    await db
      .update(outboxMessages)
      .set({ deliveredAt: ago(NOW, DAY) })
      .where(eq(outboxMessages.workspaceId, ws));
    await purge();
    expect(await outboxKeys(db, ws)).toEqual(["late"]);
  });

  it("frees a purged row's idempotency key: the same key is then a new write", async () => {
    const db = services().db();
    const ws = workspace();
    await insertOutbox(db, ws, "event:key:k1", "delivered", ago(NOW, 31 * DAY));
    const write = {
      kind: "event",
      idempotencyKey: "event:key:k1",
      subject: null,
      payload: { event_name: "retention-test" },
    } as unknown as OutboxWrite;
    expect((await storeWrites(db, ws, [write]))[0]?.created).toBe(false);
    await purge();
    expect((await storeWrites(db, ws, [write]))[0]?.created).toBe(true);
    // The new row is pending: remove it so no outbox sweep of another test tries to send it.
    await db.delete(outboxMessages).where(eq(outboxMessages.workspaceId, ws));
  });
});

describe("retention purge: sync runs", () => {
  it("keeps the latest finished and succeeded run of each kind and mode, and dead letters", async () => {
    const db = services().db();
    const ws = workspace();
    const run = (fixture: Parameters<typeof insertRun>[2]) => insertRun(db, ws, fixture);
    const ids = {
      oldSucceeded: await run({ status: "succeeded", finishedAt: ago(NOW, 200 * DAY) }),
      latestSucceeded: await run({ status: "succeeded", finishedAt: ago(NOW, 150 * DAY) }),
      latestFinished: await run({ status: "failed", finishedAt: ago(NOW, 120 * DAY) }),
      onlyFull: await run({ mode: "full", status: "succeeded", finishedAt: ago(NOW, 91 * DAY) }),
      deadLetters: await run({
        kind: "conversations",
        status: "failed",
        finishedAt: ago(NOW, 300 * DAY),
        failures: 1,
        partJobs: 2,
      }),
      justOutside: await run({
        kind: "conversations",
        status: "succeeded",
        finishedAt: ago(NOW, 90 * DAY + MINUTE),
        partJobs: 2,
      }),
      justInside: await run({
        kind: "conversations",
        status: "succeeded",
        finishedAt: ago(NOW, 90 * DAY - MINUTE),
      }),
      running: await run({
        mode: "full",
        status: "running",
        finishedAt: ago(NOW, 400 * DAY),
        seen: 3,
      }),
    };
    const result = await purge();
    expect(result.complete).toBe(true);
    const kept = Object.fromEntries(
      await Promise.all(
        Object.entries(ids).map(async ([name, id]) => [name, await runExists(db, ws, id)]),
      ),
    );
    expect(kept).toEqual({
      oldSucceeded: false,
      latestSucceeded: true,
      latestFinished: true,
      onlyFull: true,
      deadLetters: true,
      justOutside: false,
      justInside: true,
      running: true,
    });
    expect(await runRows(db, [ids.oldSucceeded, ids.justOutside])).toEqual({
      runs: 0,
      partitions: 0,
      partJobs: 0,
      seen: 0,
    });
    expect(await runRows(db, [ids.deadLetters])).toMatchObject({ partitions: 2, partJobs: 2 });
    expect(await runRows(db, [ids.running])).toMatchObject({ partitions: 2, seen: 3 });
  });

  it("drops part jobs 7 days after their run finished, and a finished run's seen list at once", async () => {
    const db = services().db();
    const ws = workspace();
    const finished = (days: number, extra: object) =>
      insertRun(db, ws, {
        kind: "conversations",
        mode: "full",
        status: "succeeded",
        finishedAt: ago(NOW, days),
        partJobs: 2,
        ...extra,
      });
    const outside = await finished(7 * DAY + MINUTE, {});
    const inside = await finished(7 * DAY - MINUTE, {});
    const failedFull = await insertRun(db, ws, {
      mode: "full",
      status: "failed",
      finishedAt: ago(NOW, MINUTE),
      seen: 4,
    });
    await purge();
    expect(await runRows(db, [outside])).toEqual({ runs: 1, partitions: 2, partJobs: 0, seen: 0 });
    expect(await runRows(db, [inside])).toMatchObject({ runs: 1, partJobs: 2 });
    expect(await runRows(db, [failedFull])).toMatchObject({ runs: 1, seen: 0 });
  });
});

describe("retention purge: browser event budgets", () => {
  it("drops buckets untouched for over a day, keeps the current ones", async () => {
    const s = services();
    const ws = workspace();
    const now = NOW;
    const row = (subjectHash: string, updatedAt: Date) => ({
      workspaceId: ws,
      scope: "user" as const,
      subjectHash,
      updatedAt,
      level: 5,
    });
    await s
      .db()
      .insert(trackBudgets)
      .values([row("old", ago(now, DAY + MINUTE)), row("current", ago(now, MINUTE))]);
    const result = await purge({}, now);
    expect(result.deleted.track_budgets).toBeGreaterThanOrEqual(1);
    const left = await s
      .db()
      .select({ subject: trackBudgets.subjectHash })
      .from(trackBudgets)
      .where(eq(trackBudgets.workspaceId, ws));
    expect(left.map((r) => r.subject)).toEqual(["current"]);
  });
});

describe("retention purge: audit entries", () => {
  it("deletes operator actions older than 400 days, keeps younger ones", async () => {
    const db = services().db();
    const ws = workspace();
    const entry = (target: string, at: Date) => ({
      workspaceId: ws,
      at,
      action: "outbox.retry" as const,
      outcome: "ok" as const,
      actorKind: "admin_key" as const,
      target,
      detail: {},
    });
    await db
      .insert(auditEvents)
      .values([
        entry("young", ago(NOW, AUDIT_RETENTION_DAYS * DAY - MINUTE)),
        entry("old", ago(NOW, AUDIT_RETENTION_DAYS * DAY + MINUTE)),
      ]);
    const result = await purge();
    expect(result.deleted.audit_events).toBeGreaterThanOrEqual(1);
    const left = await db
      .select({ target: auditEvents.target })
      .from(auditEvents)
      .where(eq(auditEvents.workspaceId, ws));
    expect(left.map((r) => r.target)).toEqual(["young"]);
  });
});

describe("retention purge: batches and budget", () => {
  // Its own epoch, so the counts below are this test's rows alone.
  const EARLY = new Date("1995-06-01T04:30:00Z");

  it("purges batch size + 1 rows of every table across batches and invocations", async () => {
    const db = services().db();
    const ws = workspace();
    const old = ago(EARLY, 100 * DAY);
    for (let i = 0; i < 6; i++) {
      await insertDelivery(db, ws, `d${i}`, "applied", old);
      await insertOutbox(db, ws, `o${i}`, "delivered", old);
    }
    // Seven runs of one kind and mode: the latest stays, six go.
    for (let i = 0; i < 7; i++)
      await insertRun(db, ws, { status: "succeeded", finishedAt: ago(old, i * MINUTE) });
    await insertRun(db, ws, {
      kind: "conversations",
      mode: "full",
      status: "failed",
      finishedAt: old,
      partJobs: 6,
      seen: 6,
    });
    // One round: one batch of at most 5 per step (deliveries take two: applied, ignored).
    const first = await purge({ batchSize: 5, maxBatches: 7 }, EARLY);
    expect(first).toMatchObject({ complete: false, batches: 7 });
    expect(first.deleted).toEqual({
      webhook_deliveries: 5,
      outbox_messages: 5,
      sync_seen: 5,
      sync_seen_companies: 0,
      sync_part_jobs: 5,
      sync_runs: 5,
      sync_partitions: 10,
      writeback_writes: 0,
      writeback_runs: 0,
      track_budgets: 0,
      audit_events: 0,
    });
    const second = await purge({ batchSize: 5 }, EARLY);
    expect(second.complete).toBe(true);
    expect(second.deleted).toEqual({
      webhook_deliveries: 1,
      outbox_messages: 1,
      sync_seen: 1,
      sync_seen_companies: 0,
      sync_part_jobs: 1,
      sync_runs: 1,
      sync_partitions: 2,
      writeback_writes: 0,
      writeback_runs: 0,
      track_budgets: 0,
      audit_events: 0,
    });
    expect(await deliveryKeys(db, ws)).toEqual([]);
    expect(await outboxKeys(db, ws)).toEqual([]);
  });

  it("purges old write-back runs after their writes, keeping the latest and any planning", async () => {
    const db = services().db();
    const ws = workspace();
    const run = async (status: string, createdAt: Date, writes = 0) => {
      const result = await db.execute<{ id: string }>(sql`
        insert into writeback_runs (workspace_id, dry_run, trigger, status, created_at, updated_at)
        values (${ws}, false, 'manual', ${status}, ${createdAt.toISOString()}::timestamptz,
          ${createdAt.toISOString()}::timestamptz) returning id`);
      const id = result.rows[0]?.id ?? "";
      await db.execute(sql`
        insert into writeback_writes (run_id, model, intercom_id, outbox_id)
        select ${id}::uuid, 'contact', 'c' || i, gen_random_uuid() from generate_series(1, ${writes}) i`);
      return id;
    };
    const old = await run("succeeded", ago(NOW, 100 * DAY), 6);
    const planning = await run("planning", ago(NOW, 99 * DAY));
    const recent = await run("failed", ago(NOW, 10 * DAY));
    const latest = await run("succeeded", ago(NOW, DAY), 2);
    const first = await purge({ batchSize: 5 });
    expect(first.deleted).toMatchObject({ writeback_writes: 6, writeback_runs: 1 });
    const left = await db.execute<{ id: string }>(sql`
      select id from writeback_runs where workspace_id = ${ws} order by created_at`);
    expect(left.rows.map((r) => r.id)).toEqual([planning, recent, latest]);
    expect(left.rows.map((r) => r.id)).not.toContain(old);
    const writes = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from writeback_writes where run_id = ${latest}::uuid`);
    expect(writes.rows[0]?.n).toBe(2);
  });

  it("stops when the time budget is spent and reports it incomplete", async () => {
    const db = services().db();
    const ws = workspace();
    for (let i = 0; i < 3; i++)
      await insertDelivery(db, ws, `d${i}`, "applied", ago(EARLY, 100 * DAY));
    const spent = await purge({ batchSize: 1, budgetMs: 0 }, EARLY);
    expect(spent).toMatchObject({ complete: false, batches: 0 });
    expect(await deliveryKeys(db, ws)).toHaveLength(3);
  });
});

describe("the purge cron", () => {
  it("runs the purge from the scheduled handler at 04:30 UTC", async () => {
    const db = services().db();
    const ws = workspace();
    const now = new Date();
    await insertDelivery(db, ws, "applied", "applied", ago(now, 31 * DAY));
    await insertDelivery(db, ws, "received", "received", ago(now, 31 * DAY));
    await insertOutbox(db, ws, "delivered", "delivered", ago(now, 31 * DAY));
    await insertOutbox(db, ws, "dead", "dead", ago(now, 31 * DAY));
    const controller = createScheduledController({ cron: "30 4 * * *", scheduledTime: now });
    await worker.scheduled(controller, env as unknown as Env);
    expect(await deliveryKeys(db, ws)).toEqual(["received"]);
    expect(await outboxKeys(db, ws)).toEqual(["dead"]);
  });
});
