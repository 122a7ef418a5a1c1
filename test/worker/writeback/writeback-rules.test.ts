import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { writebackRuns } from "../../../src/db/schema/writeback.ts";
import { writebackPlanDepsFor } from "../../../src/deps.ts";
import { erasePerson } from "../../../src/erasure/erase.ts";
import { hashIdentifiers, namingIdentifiers } from "../../../src/erasure/identifiers.ts";
import { recordSuppression } from "../../../src/erasure/suppression.ts";
import { AppError } from "../../../src/shared/errors.ts";
import type { SyncMessage } from "../../../src/sync/messages.ts";
import {
  BACKLOG_LIMIT,
  PLAN_CHUNK,
  runPlanSlice,
  type WritebackPlanMessage,
} from "../../../src/writeback/plan.ts";
import { stalledWritebackSlices } from "../../../src/writeback/resume.ts";
import { settleWritingRuns } from "../../../src/writeback/settle.ts";
import { startWriteback } from "../../../src/writeback/start.ts";
import { runToEnd } from "../../support/companies.ts";
import { collectingQueue } from "../../support/sync.ts";
import {
  deliverOutbox,
  deliverSlice,
  runWriteback,
  sandboxContact,
  startCaught,
  syncToEnd,
  viewOf,
  WRITEBACK_SANDBOX,
  type WritebackWorkspace,
  writebackWorkspace,
} from "../../support/writeback.ts";

const NO_ACCOUNTS = { WRITEBACK_ACCOUNT_ATTRIBUTES: "none" };

async function firstCustomerContact(ws: WritebackWorkspace) {
  const result = await ws.services.db().execute<{ id: string; email: string; mrr: number }>(sql`
    select c.id, cu.email, cu.mrr from contacts c
    join customers cu on cu.workspace_id = c.workspace_id and cu.email = lower(c.email)
    where c.workspace_id = ${ws.workspaceId} and cu.mrr > 0 and not c.archived
      and c.deleted_at is null and c.external_id is not null
    order by c.id limit 1`);
  const row = result.rows[0];
  if (!row) throw new Error("no customer with revenue");
  return row;
}

const addMrr = (ws: WritebackWorkspace, email: string, dollars: number) =>
  ws.services.db().execute(sql`
    update customers set mrr = mrr + ${dollars}
    where workspace_id = ${ws.workspaceId} and email = ${email}`);

/** The suppression an erasure of the contact `contactId` leaves, without the erasure's deletes. */
async function suppress(ws: WritebackWorkspace, contactId: string) {
  const hashes = await hashIdentifiers(
    ws.services.config.ERASURE_HASH_KEY,
    namingIdentifiers({ contactId }),
  );
  await recordSuppression(ws.services.db(), {
    reference: `test:${crypto.randomUUID()}`,
    erasureId: crypto.randomUUID(),
    workspaceId: ws.workspaceId,
    hashes,
    now: new Date(),
  });
}

/**
 * Ids of the test's own: a suppression holds no workspace (it keeps an erased person erased
 * everywhere), so another test's erasure of `c000002` would reach this one's.
 */
const idPrefix = (ws: WritebackWorkspace) => `${ws.workspaceId}-c`;

/** Contacts and customers of the test's own, straight into Postgres: `n` with $10 MRR each. */
async function seedCustomers(ws: WritebackWorkspace, n: number) {
  const db = ws.services.db();
  await db.execute(sql`
    insert into contacts (workspace_id, id, role, email, written_at, written_from)
    select ${ws.workspaceId}, ${idPrefix(ws)} || lpad(i::text, 6, '0'), 'user',
      ${idPrefix(ws)} || i || '@example.test', now(), 'sync'
    from generate_series(1, ${n}) i`);
  await db.execute(sql`
    insert into customers (workspace_id, email, contact_id, mrr)
    select ${ws.workspaceId}, ${idPrefix(ws)} || i || '@example.test',
      ${idPrefix(ws)} || lpad(i::text, 6, '0'), 10
    from generate_series(1, ${n}) i`);
}

describe("write-back rules", () => {
  it("drops a write to a contact Intercom no longer has (404), and does not fail the run", async () => {
    const ws = writebackWorkspace(NO_ACCOUNTS);
    // Contacts Postgres still holds and the sandbox never had: deleted in Intercom since the
    // last sync, their contact.deleted not yet here.
    await seedCustomers(ws, 2);
    const first = (await runWriteback(ws, false)).view;
    expect(first).toMatchObject({
      status: "succeeded",
      contacts_planned: 2,
      contacts_written: 0,
      failures: { count: 0 },
      progress: { writes_dropped: 2 },
    });
    // Nothing was recorded as written: the next run asks again, and drops them again.
    const second = (await runWriteback(ws, false)).view;
    expect(second).toMatchObject({ status: "succeeded", contacts_planned: 2, contacts_written: 0 });
  });

  it("never writes a suppressed person", async () => {
    const ws = writebackWorkspace(NO_ACCOUNTS);
    await runToEnd(ws, "contacts", "full");
    await runWriteback(ws, false);
    const person = await firstCustomerContact(ws);
    await suppress(ws, person.id);
    await addMrr(ws, person.email, 25);
    const { view } = await runWriteback(ws, false);
    expect(view).toMatchObject({ contacts_planned: 0, contacts_skipped: 1, contacts_written: 0 });
    const inIntercom = await sandboxContact(person.id);
    expect(inIntercom.custom_attributes.bridge_mrr).toBe(Math.round(person.mrr * 100) / 100);
  });

  it("forgets what it wrote for an erased person, and never plans them again", async () => {
    const ws = writebackWorkspace(NO_ACCOUNTS);
    await runToEnd(ws, "contacts", "full");
    const preview = await runWriteback(ws, true);
    const person = { id: preview.view.sample[0]?.intercom_id ?? "" };
    await runWriteback(ws, false);
    const db = ws.services.db();
    const now = new Date();
    const outcome = await erasePerson(
      db,
      {
        workspaceId: ws.workspaceId,
        requestedBy: "admin_api",
        reference: `test:${crypto.randomUUID()}`,
        requestedAt: now,
        contactIds: [person.id],
        userIds: [],
        emails: [],
        intercomStatus: "pending",
      },
      now,
    );
    expect(outcome.removed.writeback_targets).toBe(1);
    const left = await db.execute<{ n: number }>(sql`
      select ((select count(*) from writeback_targets where workspace_id = ${ws.workspaceId}
          and intercom_id = ${person.id})
        + (select count(*) from writeback_writes where intercom_id = ${person.id}
          and run_id in (select id from writeback_runs where workspace_id = ${ws.workspaceId}))
        + (select count(*) from writeback_runs r, jsonb_array_elements(r.sample) e
          where r.workspace_id = ${ws.workspaceId} and e->>'intercom_id' = ${person.id})
        )::int as n`);
    expect(left.rows[0]?.n).toBe(0);
    // A tombstone now: a later run does not see them at all.
    const after = await runWriteback(ws, true);
    expect(after.view.sample.map((s) => s.intercom_id)).not.toContain(person.id);
    expect(after.view.contacts_planned).toBe(0);
  });

  it("plans a slice again when someone in it is erased while it stores its writes", async () => {
    const ws = writebackWorkspace(NO_ACCOUNTS);
    await seedCustomers(ws, 3);
    const { run, sent } = await startCaught(ws, false);
    const attributes = await deliverSlice(ws, sent[0] as SyncMessage);
    const slice = attributes.sync[0] as WritebackPlanMessage;
    const client = ws.services.intercom();
    if (!client) throw new Error("no client");
    const real = writebackPlanDepsFor(ws.services, client);
    const erasure = () => suppress(ws, `${idPrefix(ws)}000002`);
    // The erasure lands between the slice's suppression check and the store of its rows.
    const raced = await runPlanSlice(slice, {
      ...real,
      accept: async (writes, beforeCommit) => {
        await erasure();
        return real.accept(writes, beforeCommit);
      },
    });
    expect(raced).toEqual({ kind: "continue", next: slice, delaySeconds: 1 });
    expect(await viewOf(ws, run.id)).toMatchObject({ status: "planning", contacts_planned: 0 });
    await runPlanSlice(slice, real);
    expect(await viewOf(ws, run.id)).toMatchObject({ contacts_planned: 2, contacts_skipped: 1 });
  });

  it("lets an older write that arrives late find itself superseded", async () => {
    const ws = writebackWorkspace(NO_ACCOUNTS);
    await runToEnd(ws, "contacts", "full");
    await runWriteback(ws, false);
    const person = await firstCustomerContact(ws);
    await addMrr(ws, person.email, 5);
    const older = await runWriteback(ws, false, { deliver: false });
    expect(older.view).toMatchObject({ status: "writing", contacts_planned: 1 });
    // A later change while the first write waits: the next run compares with the planned
    // values, so it plans the new value, and the first row no longer carries the latest.
    await addMrr(ws, person.email, 7);
    const newer = await runWriteback(ws, false, { deliver: false });
    expect(newer.view.contacts_planned).toBe(1);
    await deliverOutbox(ws, newer.held);
    await deliverOutbox(ws, older.held);
    const expected = Math.round((person.mrr + 12) * 100) / 100;
    expect((await sandboxContact(person.id)).custom_attributes.bridge_mrr).toBe(expected);
    expect(await viewOf(ws, older.view.run_id)).toMatchObject({
      status: "succeeded",
      contacts_written: 0,
      progress: { writes_dropped: 1, writes_pending: 0 },
    });
    // What was written is the newer value: nothing is left to send.
    expect((await runWriteback(ws, false)).view.contacts_planned).toBe(0);
  });

  it("keeps a settled run's counts on the run, past the purge of its outbox rows", async () => {
    const ws = writebackWorkspace(NO_ACCOUNTS);
    await runToEnd(ws, "contacts", "full");
    const { view } = await runWriteback(ws, false);
    expect(view.contacts_written).toBeGreaterThan(0);
    const db = ws.services.db();
    expect(await settleWritingRuns(db, new Date())).toBeGreaterThanOrEqual(1);
    const [row] = await db.select().from(writebackRuns).where(eq(writebackRuns.id, view.run_id));
    expect(row).toMatchObject({ status: "succeeded", contactsWritten: view.contacts_written });
    expect(row?.finishedAt).not.toBeNull();
    await db.execute(sql`
      delete from outbox_messages where id in
        (select outbox_id from writeback_writes where run_id = ${view.run_id}::uuid)`);
    expect(await viewOf(ws, view.run_id)).toMatchObject({
      status: "succeeded",
      contacts_written: view.contacts_written,
      finished_at: view.finished_at,
    });
  });

  it("plans one run at a time: a second start while one plans is a conflict", async () => {
    const ws = writebackWorkspace();
    const deps = {
      db: ws.services.db(),
      queue: collectingQueue<SyncMessage>([]),
      workspaceId: ws.workspaceId,
      now: new Date(),
    };
    const first = await startWriteback(true, "manual", deps);
    const second = startWriteback(false, "manual", deps).catch((e: unknown) => e);
    const error = await second;
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe("conflict");
    expect((error as AppError).message).toContain(first.id);
  });

  it(`plans past one slice of ${PLAN_CHUNK} contacts, and a repeated slice changes nothing`, async () => {
    const ws = writebackWorkspace(NO_ACCOUNTS);
    await seedCustomers(ws, PLAN_CHUNK + 1);
    const { run, sent } = await startCaught(ws, true);
    const slices: SyncMessage[] = [];
    while (sent.length > 0) {
      const message = sent.shift() as SyncMessage;
      slices.push(message);
      sent.push(...(await deliverSlice(ws, message)).sync);
      // Each slice delivered twice, the second as a redelivery: the copy finds its slice
      // taken, and only asks for the current one again.
      const copy = await deliverSlice(ws, message, 2);
      expect(
        copy.sync.every((m) => m.kind === "writeback.plan" && m.slice > slices.length - 1),
      ).toBe(true);
    }
    // The attribute check, two slices of contacts, the (empty) companies.
    expect(slices).toHaveLength(4);
    expect(await viewOf(ws, run.id)).toMatchObject({
      status: "succeeded",
      contacts_planned: PLAN_CHUNK + 1,
      contacts_unchanged: 0,
      progress: { contacts_scanned: PLAN_CHUNK + 1, contacts_total: PLAN_CHUNK + 1, fraction: 1 },
    });
    expect((await viewOf(ws, run.id)).sample).toHaveLength(10);
  });

  it(`waits to plan more while over ${BACKLOG_LIMIT} of its writes are on their way`, async () => {
    const ws = writebackWorkspace(NO_ACCOUNTS);
    await seedCustomers(ws, PLAN_CHUNK + 1);
    const { run, sent } = await startCaught(ws, false);
    const attributes = await deliverSlice(ws, sent[0] as SyncMessage);
    const firstChunk = await deliverSlice(ws, attributes.sync[0] as SyncMessage);
    // 1,000 rows queued for the outbox: the next slice waits for them, and plans nothing.
    expect(firstChunk.outbox).toHaveLength(PLAN_CHUNK);
    const next = firstChunk.sync[0] as SyncMessage;
    const waiting = await deliverSlice(ws, next);
    expect(waiting.sync).toEqual([next]);
    expect(waiting.outbox).toEqual([]);
    expect(await viewOf(ws, run.id)).toMatchObject({
      status: "planning",
      contacts_planned: PLAN_CHUNK,
      progress: { contacts_scanned: PLAN_CHUNK },
    });
    // Settled (here: Intercom has none of these made-up contacts, so they end dead).
    await ws.services.db().execute(sql`
      update outbox_messages set status = 'dead', last_error = 'Intercom 404 not_found'
      where workspace_id = ${ws.workspaceId}`);
    const resumed = await deliverSlice(ws, next);
    expect(resumed.outbox).toHaveLength(1);
    expect(await viewOf(ws, run.id)).toMatchObject({ contacts_planned: PLAN_CHUNK + 1 });
  });

  it("refuses an attribute Intercom holds with another type, before writing anything", async () => {
    const prefix = `clash${crypto.randomUUID().slice(0, 6)}_`;
    const created = await fetch(new URL("/data_attributes", WRITEBACK_SANDBOX), {
      method: "POST",
      headers: {
        authorization: "Bearer local-intercom-token",
        "content-type": "application/json",
        "intercom-version": "2.16",
      },
      body: JSON.stringify({ name: `${prefix}mrr`, model: "contact", data_type: "string" }),
    });
    expect(created.status).toBe(200);
    const ws = writebackWorkspace({ ...NO_ACCOUNTS, WRITEBACK_PREFIX: prefix });
    await runToEnd(ws, "contacts", "full");
    const { view } = await runWriteback(ws, false);
    expect(view.status).toBe("failed");
    expect(view.error).toContain(`'${prefix}mrr' is a string attribute in Intercom`);
    expect(view.contacts_planned).toBe(0);
    const rows = await ws.services.db().execute<{ n: number }>(sql`
      select count(*)::int as n from outbox_messages where workspace_id = ${ws.workspaceId}`);
    expect(rows.rows[0]?.n).toBe(0);
  });

  it("resumes a planning run whose slice message was lost", async () => {
    const ws = writebackWorkspace();
    const { run } = await startCaught(ws, true);
    const now = new Date();
    expect(
      (await stalledWritebackSlices(ws.services.db(), now)).some((m) => m.runId === run.id),
    ).toBe(false);
    await ws.services.db().execute(sql`
      update writeback_runs set updated_at = now() - interval '5 minutes' where id = ${run.id}::uuid`);
    const resumed = await stalledWritebackSlices(ws.services.db(), now);
    expect(resumed).toContainEqual({ kind: "writeback.plan", runId: run.id, slice: 0 });
  });

  it("starts a real run after a contact sync when WRITEBACK_AFTER_SYNC is on", async () => {
    const off = writebackWorkspace(NO_ACCOUNTS);
    await runToEnd(off, "contacts", "full");
    const on = writebackWorkspace({ ...NO_ACCOUNTS, WRITEBACK_AFTER_SYNC: "true" });
    await syncToEnd(on, "full");
    const runsOf = async (ws: WritebackWorkspace) =>
      (
        await ws.services.db().execute<{ trigger: string; dry_run: boolean; status: string }>(sql`
          select trigger, dry_run, status from writeback_runs where workspace_id = ${ws.workspaceId}`)
      ).rows;
    expect(await runsOf(off)).toEqual([]);
    // runToEnd delivered its planning slices; its writes wait in the outbox.
    expect(await runsOf(on)).toEqual([
      { trigger: "after_sync", dry_run: false, status: "writing" },
    ]);
  });
});
