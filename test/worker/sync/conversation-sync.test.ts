import { env } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { alerts, customers } from "../../../src/db/schema/customers.ts";
import {
  admins,
  conversationParts,
  conversations,
  conversationTags,
  teams,
} from "../../../src/db/schema/index.ts";
import { syncFailures, syncRuns, syncState } from "../../../src/db/schema/sync.ts";
import { handleQueue } from "../../../src/queues/handler.ts";
import { QUEUES } from "../../../src/queues/names.ts";
import type { Services } from "../../../src/services.ts";
import type { SyncMessage } from "../../../src/sync/messages.ts";
import {
  CONVERSATION_SANDBOX,
  conversationSandbox,
  conversationServices,
  runConversationSync,
  sandboxConversationIds,
} from "../../support/conversations.ts";
import { batchOf } from "../../support/queue-batch.ts";
import { expectStatus } from "../../support/status.ts";
import { collectingSyncQueues, runSync, servicesPerTest } from "../../support/sync.ts";

const workspace = servicesPerTest(conversationServices);

const DAY = 86_400;
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function runRow(s: Services, id: string) {
  const [row] = await s.db().select().from(syncRuns).where(eq(syncRuns.id, id));
  return row;
}

/** What a run leaves behind, comparable across workspaces. */
async function storedState(s: Services) {
  const ws = s.config.INTERCOM_WORKSPACE_ID;
  const result = await s.db().execute(sql`
    select c.id, extract(epoch from c.intercom_updated_at)::bigint as updated,
      extract(epoch from c.parts_stored_for)::bigint as stored_for, c.parts_truncated,
      c.deleted_at is not null as deleted,
      (select count(*)::int from ${conversationParts} p where p.workspace_id = c.workspace_id and p.conversation_id = c.id) as parts
    from ${conversations} c where c.workspace_id = ${ws} order by c.id`);
  return result.rows as Array<{
    id: string;
    updated: string;
    stored_for: string | null;
    parts_truncated: boolean | null;
    deleted: boolean;
    parts: number;
  }>;
}

async function mutate(command: Record<string, unknown>) {
  const res = await conversationSandbox("/__sandbox/mutate", {
    method: "POST",
    body: JSON.stringify(command),
  });
  await expectStatus(res, 200);
  return res.body as { changed: string[] };
}

type Recorded = Array<{ seq: number; method: string; route: string; path: string }>;

async function partFetchesSince(mark: number) {
  const res = await conversationSandbox(`/__sandbox/requests?since=${mark}`);
  return (res.body as unknown as Recorded).filter(
    (r) => r.method === "GET" && r.route === "/conversations/{id}",
  );
}

async function requestMark(): Promise<number> {
  const res = await conversationSandbox("/__sandbox/requests");
  return (res.body as unknown as Recorded).at(-1)?.seq ?? 0;
}

async function createContact(email: string) {
  const res = await conversationSandbox("/contacts", {
    method: "POST",
    body: JSON.stringify({ role: "user", email, name: "Metrics Person" }),
  });
  await expectStatus(res, 200);
  return String(res.body.id);
}

describe("conversation sync through queue messages", () => {
  it("stores every conversation and every part over several partitions, truncation marked", async () => {
    const s = workspace();
    const { runId } = await runConversationSync(s, "full");
    const run = await runRow(s, runId);
    const expected = await sandboxConversationIds();
    expect(run).toMatchObject({ status: "succeeded", conversationsSynced: expected.length });
    const partitions = await s
      .db()
      .execute(sql`select count(*)::int as n from sync_partitions where run_id = ${runId}`);
    expect((partitions.rows[0] as { n: number }).n).toBeGreaterThan(1);
    const state = await storedState(s);
    expect(state.map((c) => c.id).sort()).toEqual([...expected].sort());
    for (const c of state) expect(c.stored_for).toBe(c.updated);
    // Every part Intercom returns: the statistics count them and the opening message, and
    // Intercom returns the 500 most recent.
    const counts = await s.db().execute(sql`
      select c.id, (c.statistics->>'count_conversation_parts')::int as total, c.parts_truncated,
        (select count(*)::int from ${conversationParts} p where p.workspace_id = c.workspace_id and p.conversation_id = c.id) as stored
      from ${conversations} c where c.workspace_id = ${s.config.INTERCOM_WORKSPACE_ID}`);
    const rows = counts.rows as Array<{
      id: string;
      total: number;
      stored: number;
      parts_truncated: boolean;
    }>;
    for (const r of rows) expect(r.stored).toBe(Math.min(r.total - 1, 500));
    expect(rows.find((r) => r.id === "100000007")).toMatchObject({
      parts_truncated: true,
      stored: 500,
    });
    expect(rows.filter((r) => r.parts_truncated).map((r) => r.id)).toEqual(["100000007"]);
    expect(run?.parts).toBe(rows.reduce((n, r) => n + r.stored, 0));
    expect(run?.partFetches).toBe(expected.length);
    // Catalogues refreshed, tags derived from the conversations.
    const ws = s.config.INTERCOM_WORKSPACE_ID;
    expect((await s.db().select().from(admins).where(eq(admins.workspaceId, ws))).length).toBe(5);
    expect((await s.db().select().from(teams).where(eq(teams.workspaceId, ws))).length).toBe(1);
    const tagged = await s
      .db()
      .select()
      .from(conversationTags)
      .where(eq(conversationTags.workspaceId, ws));
    expect(tagged.length).toBeGreaterThan(0);
    const [watermark] = await s
      .db()
      .select()
      .from(syncState)
      .where(and(eq(syncState.workspaceId, ws), eq(syncState.kind, "conversations")));
    expect(watermark?.watermark).toBeGreaterThan(0);
  });

  it("fetches no parts when nothing changed, and only the changed conversation's after a reply", async () => {
    const s = workspace();
    await runConversationSync(s, "full");
    const mark = await requestMark();
    const quiet = await runConversationSync(s, "incremental");
    expect(await runRow(s, quiet.runId)).toMatchObject({ status: "succeeded", partFetches: 0 });
    expect(await partFetchesSince(mark)).toHaveLength(0);

    const { changed } = await mutate({
      kind: "conversation.update",
      id: "100000011",
      body: "Following up on this",
    });
    expect(changed).toEqual(["100000011"]);
    const before = await requestMark();
    const after = await runConversationSync(s, "incremental");
    expect(await runRow(s, after.runId)).toMatchObject({ status: "succeeded", partFetches: 1 });
    expect((await partFetchesSince(before)).map((r) => r.path)).toEqual([
      "/conversations/100000011",
    ]);
    const [reply] = await s
      .db()
      .select()
      .from(conversationParts)
      .where(
        and(
          eq(conversationParts.workspaceId, s.config.INTERCOM_WORKSPACE_ID),
          eq(conversationParts.conversationId, "100000011"),
          eq(conversationParts.body, "Following up on this"),
        ),
      );
    expect(reply?.authorType).toBe("user");
  });

  it("ends in the same state when every message arrives twice and out of order", async () => {
    const straight = workspace();
    await runConversationSync(straight, "full");
    const shuffled = workspace();
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const { runId, delivered } = await runConversationSync(shuffled, "full", {
      twice: true,
      pick: (queued) => Math.floor(random() * queued.length),
    });
    expect(delivered).toBeGreaterThan(20);
    const run = await runRow(shuffled, runId);
    expect(run?.status).toBe("succeeded");
    expect(run?.partFetches).toBe((await sandboxConversationIds()).length);
    expect(await storedState(shuffled)).toEqual(await storedState(straight));
  });

  it("records a page that failed for good, and the run ends failed with its watermark kept", async () => {
    const s = workspace();
    let dropped = false;
    const result = await runConversationSync(s, "full", {
      drop: (m) => {
        if (dropped || m.kind !== "sync.conversations.page" || m.partition !== 0) return false;
        dropped = true;
        return true;
      },
    });
    expect(result.dropped).toHaveLength(1);
    expect((await runRow(s, result.runId))?.status).toBe("running");
    // The platform hands the message to the dead-letter queue after its last retry.
    const { batch } = batchOf(QUEUES.syncDeadLetter, result.dropped, 11);
    const queued: SyncMessage[] = [];
    const testEnv = {
      ...env,
      INTERCOM_API_BASE: CONVERSATION_SANDBOX,
      INTERCOM_WORKSPACE_ID: s.config.INTERCOM_WORKSPACE_ID,
      ...collectingSyncQueues(queued),
    } as Env;
    await handleQueue(batch, testEnv);
    await handleQueue(batch, testEnv);
    // The run's finish follows as messages of its own, a slice each.
    for (let next = queued.shift(); next; next = queued.shift())
      await handleQueue(batchOf(QUEUES.sync, [next]).batch, testEnv);
    const failures = await s
      .db()
      .select()
      .from(syncFailures)
      .where(eq(syncFailures.runId, result.runId));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ messageKey: "page:0:0" });
    expect(failures[0]?.error).toMatch(/retries exhausted/);
    expect(await runRow(s, result.runId)).toMatchObject({ status: "failed", failures: 1 });
    const [watermark] = await s
      .db()
      .select()
      .from(syncState)
      .where(
        and(
          eq(syncState.workspaceId, s.config.INTERCOM_WORKSPACE_ID),
          eq(syncState.kind, "conversations"),
        ),
      );
    expect(watermark).toBeUndefined();
  });

  it("tombstones conversations Intercom lists as deleted, with their parts", async () => {
    const s = workspace();
    const { changed } = await mutate({
      kind: "conversation.create",
      contact_id: (await firstContact()).id,
      parts: [{ body: "Short-lived", author: "user" }],
    });
    const id = changed[0] ?? "";
    await runConversationSync(s, "full");
    const parts = () =>
      s
        .db()
        .select()
        .from(conversationParts)
        .where(
          and(
            eq(conversationParts.workspaceId, s.config.INTERCOM_WORKSPACE_ID),
            eq(conversationParts.conversationId, id),
          ),
        );
    expect(await parts()).toHaveLength(1);
    await mutate({ kind: "conversation.delete", id });
    const { runId } = await runConversationSync(s, "incremental");
    expect((await runRow(s, runId))?.tombstoned).toBe(1);
    const [row] = await s
      .db()
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.workspaceId, s.config.INTERCOM_WORKSPACE_ID),
          eq(conversations.id, id),
        ),
      );
    expect(row?.deletedAt).not.toBeNull();
    expect(await parts()).toHaveLength(0);
  });
});

async function firstContact() {
  const res = await conversationSandbox("/contacts?per_page=20");
  const list = res.body.data as Array<{ id: string; email: string | null }>;
  const found = list.find((c) => c.email);
  if (!found) throw new Error("no contact with an email in the sandbox");
  return found as { id: string; email: string };
}

describe("support metrics from synced conversations", () => {
  it("sets the customer's cancel-intent flag and raises one alert", async () => {
    const s = workspace();
    const email = `leaving-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const contactId = await createContact(email);
    await runSync(s, "full");
    await runConversationSync(s, "full");
    const read = async () =>
      (
        await s
          .db()
          .select()
          .from(customers)
          .where(
            and(
              eq(customers.workspaceId, s.config.INTERCOM_WORKSPACE_ID),
              eq(customers.email, email),
            ),
          )
      )[0];
    expect((await read())?.cancelIntent30d).toBe(false);
    await mutate({
      kind: "conversation.create",
      contact_id: contactId,
      parts: [
        { body: "Hi, quick question", author: "user" },
        { body: "Sure, what is it?", author: "admin" },
        { body: "We are not renewing, we're switching to another tool.", author: "user" },
      ],
    });
    await runConversationSync(s, "incremental");
    expect((await read())?.cancelIntent30d).toBe(true);
    await runConversationSync(s, "incremental");
    const raised = await s
      .db()
      .select()
      .from(alerts)
      .where(
        and(
          eq(alerts.workspaceId, s.config.INTERCOM_WORKSPACE_ID),
          eq(alerts.email, email),
          eq(alerts.kind, "cancel_intent"),
        ),
      );
    expect(raised).toHaveLength(1);
  });

  it("computes CSAT, median first response, median time to close and reopens by hand", async () => {
    const s = workspace();
    const email = `metrics-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const contactId = await createContact(email);
    const now = nowSeconds();
    const conversation = (over: Record<string, unknown>) =>
      mutate({ kind: "conversation.create", contact_id: contactId, ...over });
    await conversation({
      created_at: now - 5 * DAY,
      state: "closed",
      rating: { rating: 5 },
      statistics: {
        time_to_admin_reply: 120,
        time_to_last_close: 3600,
        last_close_at: now - 4 * DAY,
        count_reopens: 1,
      },
      parts: [{ body: "Thanks!", author: "user" }],
    });
    await conversation({
      created_at: now - 3 * DAY,
      state: "closed",
      rating: { rating: 3 },
      statistics: {
        time_to_admin_reply: 600,
        time_to_last_close: 7200,
        last_close_at: now - 2 * DAY,
        count_reopens: 0,
      },
    });
    await conversation({
      created_at: now - DAY,
      state: "open",
      statistics: { time_to_admin_reply: 300, count_reopens: 2 },
    });
    // Outside the 30-day windows: counts in totals, CSAT and reopens, not in the medians.
    await conversation({
      created_at: now - 60 * DAY,
      updated_at: now - 50 * DAY,
      state: "closed",
      rating: { rating: 1 },
      statistics: {
        time_to_admin_reply: 99_999,
        time_to_last_close: 99_999,
        last_close_at: now - 50 * DAY,
        count_reopens: 0,
      },
    });
    await runConversationSync(s, "full");
    await runSync(s, "full");
    const [row] = await s
      .db()
      .select()
      .from(customers)
      .where(
        and(eq(customers.workspaceId, s.config.INTERCOM_WORKSPACE_ID), eq(customers.email, email)),
      );
    expect(row).toMatchObject({
      conversationsTotal: 4,
      conversations30d: 3,
      conversationsOpen: 1,
      averageCsat: 3, // (5 + 3 + 1) / 3
      medianFirstResponseSeconds: 300, // of 120, 600, 300
      medianTimeToCloseSeconds: 5400, // of 3600, 7200
      reopens: 3,
      cancelIntent30d: false,
    });
    // +10 conversation history, +10 CSAT on top of what the contact gave (no Stripe, no location).
    expect(row?.qualityScore).toBeGreaterThanOrEqual(20);
  });
});
