import { env } from "cloudflare:workers";
import { and, eq, isNull, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  contacts,
  conversationParts,
  conversations,
  customers,
  syncPartJobs,
} from "../../../src/db/schema/index.ts";
import { stepDepsFor } from "../../../src/deps.ts";
import type { IntercomClient } from "../../../src/intercom/client.ts";
import type { Services } from "../../../src/services.ts";
import { PAGES_PER_STEP, runStep } from "../../../src/sync/contacts/step.ts";
import type { ContactStepMessage } from "../../../src/sync/messages.ts";
import { FULL_SYNC_PARTITIONS } from "../../../src/sync/plan.ts";
import { QUANTILE_MIN_ROWS } from "../../../src/sync/quantiles.ts";
import { startSync } from "../../../src/sync/start.ts";
import { runConversationSync } from "../../support/conversations.ts";
import {
  expectedQuantileBounds,
  expectQuantilePartitions,
  liveIds,
  partitionsOf,
  runRow,
  sandboxConversations,
  sandboxIds,
  storedState,
} from "../../support/scale.ts";
import { expectStatus } from "../../support/status.ts";
import {
  collectingQueue,
  finishRun,
  runSync,
  sandbox,
  servicesPerTest,
  syncServices,
} from "../../support/sync.ts";

const bases = env as unknown as { SCALE_SANDBOX_BASE: string; CHAIN_SANDBOX_BASE: string };
const SCALE = bases.SCALE_SANDBOX_BASE;
const workspace = servicesPerTest(() => syncServices(SCALE));
const chainWorkspace = servicesPerTest(() => syncServices(bases.CHAIN_SANDBOX_BASE));
const mutate = async (command: Record<string, unknown>) => {
  const res = await sandbox(
    "/__sandbox/mutate",
    {
      method: "POST",
      body: JSON.stringify(command),
    },
    SCALE,
  );
  await expectStatus(res, 200);
  return res.body as { changed: string[] };
};

async function fullContactRun(s: Services) {
  const bounds = await expectedQuantileBounds(s, "contacts");
  const { runId } = await runSync(s, "full");
  expect(await runRow(s, runId)).toMatchObject({ status: "succeeded" });
  expect(await liveIds(s, "contacts")).toEqual(await sandboxIds(SCALE, "/contacts"));
  return { runId, bounds };
}

/** `expected`: the conversations we keep, by default every one the sandbox has. */
async function fullConversationRun(s: Services, expected?: string[]) {
  const bounds = await expectedQuantileBounds(s, "conversations");
  const { runId } = await runConversationSync(s, "full");
  const run = await runRow(s, runId);
  expect(run).toMatchObject({ status: "succeeded", failures: 0 });
  expect(await liveIds(s, "conversations")).toEqual(
    expected ?? (await sandboxIds(SCALE, "/conversations")),
  );
  return { run, bounds };
}

/** Part jobs of a run, by the page that made them: each page's stale conversations in tens. */
async function partJobSizes(s: Services, runId: string) {
  const jobs = await s
    .db()
    .select({
      key: syncPartJobs.key,
      size: sql<number>`jsonb_array_length(${syncPartJobs.conversations})`,
    })
    .from(syncPartJobs)
    .where(eq(syncPartJobs.runId, runId));
  const byPage = new Map<string, number[]>();
  for (const j of jobs) {
    const page = j.key.split(":").slice(0, 2).join(":");
    byPage.set(
      page,
      [...(byPage.get(page) ?? []), j.size].sort((a, b) => b - a),
    );
  }
  return byPage;
}

async function partsOf(s: Services, id: string) {
  const ws = s.config.INTERCOM_WORKSPACE_ID;
  const [row] = await s
    .db()
    .select({ truncated: conversations.partsTruncated })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, ws), eq(conversations.id, id)));
  const [parts] = await s
    .db()
    .select({ stored: sql<number>`count(*)::int` })
    .from(conversationParts)
    .where(and(eq(conversationParts.workspaceId, ws), eq(conversationParts.conversationId, id)));
  return { ...row, ...parts };
}

describe("repeated full runs over a workspace above every size threshold", () => {
  it("runs both kinds' full sync three weeks in a row: quantile cuts, every row, one state", async () => {
    const s = workspace();
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ body: `part ${i}`, created_at: 1_760_000_000 + i }));
    await mutate({ kind: "conversation.create", id: "300000501", parts: many(501) });

    // Week 1: conversations first, so the contact run's new customers are filled afterwards.
    const week1 = await fullConversationRun(s);
    const conversationCount = week1.run?.conversationsSynced ?? 0;
    expect(conversationCount).toBeGreaterThan(QUANTILE_MIN_ROWS);
    expect(week1.run?.partFetches).toBe(conversationCount);
    const jobs = await partJobSizes(s, week1.run?.id ?? "");
    let jobbed = 0;
    for (const sizes of jobs.values()) {
      const stale = sizes.reduce((a, b) => a + b, 0);
      jobbed += stale;
      expect(sizes).toEqual([
        ...Array(Math.floor(stale / 10)).fill(10),
        ...(stale % 10 ? [stale % 10] : []),
      ]);
    }
    expect(jobbed).toBe(conversationCount);
    expect([...jobs.values()].some((sizes) => sizes.length > 1)).toBe(true);
    expect(await partsOf(s, "300000501")).toEqual({ truncated: true, stored: 500 });

    await fullContactRun(s);
    const stored = await s
      .db()
      .select()
      .from(customers)
      .where(eq(customers.workspaceId, s.config.INTERCOM_WORKSPACE_ID));
    expect(stored.length).toBeGreaterThan(2000);
    expect(stored.filter((c) => c.supportRefreshedAt === null)).toEqual([]);
    const counted = await conversationsPerEmail(s);
    expect(stored.map((c) => [c.email, c.conversationsTotal])).toEqual(
      stored.map((c) => [c.email, counted.get(c.email) ?? 0]),
    );

    // Week 2: some contacts and conversations changed in between.
    await mutate({ kind: "contacts.update", count: 25 });
    const changed = new Set((await mutate({ kind: "conversations.update", count: 15 })).changed);
    const contacts2 = await fullContactRun(s);
    await expectQuantilePartitions(s, contacts2.runId, contacts2.bounds);
    const conversations2 = await fullConversationRun(s);
    await expectQuantilePartitions(s, conversations2.run?.id ?? "", conversations2.bounds);
    expect(conversations2.run?.partFetches).toBe(changed.size);
    const week2 = await storedState(s);

    // Week 3: nothing changed; the runs find it all as it was.
    const contacts3 = await fullContactRun(s);
    await expectQuantilePartitions(s, contacts3.runId, contacts3.bounds);
    const conversations3 = await fullConversationRun(s);
    await expectQuantilePartitions(s, conversations3.run?.id ?? "", conversations3.bounds);
    expect(conversations3.run).toMatchObject({
      partFetches: 0,
      conversationsSynced: conversationCount + 0,
    });
    expect(await storedState(s)).toEqual(week2);
    expect(contacts3.bounds).toHaveLength(FULL_SYNC_PARTITIONS);
  }, 120_000);

  it("reads a first incremental run's one chain of more than 25 pages in 25-page steps", async () => {
    const s = chainWorkspace();
    const client = s.intercom() as IntercomClient;
    const sent: ContactStepMessage[] = [];
    const run = await startSync("contacts", "incremental", "test", {
      client: null,
      db: s.db(),
      queue: collectingQueue(sent),
      workspaceId: s.config.INTERCOM_WORKSPACE_ID,
      now: new Date(),
    });
    const results: string[] = [];
    for (let step = sent.shift(); step; step = sent.shift()) {
      const result = await runStep(step, stepDepsFor(s, client));
      results.push(result.kind);
      if (result.kind === "continue") sent.push(result.next);
      if (result.kind === "partition_done") await finishRun(s, client, run.id);
    }
    const expected = await sandboxIds(bases.CHAIN_SANDBOX_BASE, "/contacts");
    const pages = Math.ceil(expected.length / 150);
    expect(pages).toBeGreaterThan(PAGES_PER_STEP);
    expect(results.at(-1)).toBe("partition_done");
    expect(results.slice(0, -1).every((r) => r === "continue")).toBe(true);
    expect(results.length).toBeGreaterThanOrEqual(Math.ceil(pages / PAGES_PER_STEP));
    const [partition] = await partitionsOf(s, run.id);
    expect(partition).toMatchObject({ pages, records: expected.length, done: true });
    expect(await runRow(s, run.id)).toMatchObject({ status: "succeeded", pages });
    expect(await liveIds(s, "contacts")).toEqual(expected);
  });

  // Last: it deletes most of the sandbox's contacts.
  it("tombstones all of 2,001 contacts deleted in a week, and fills every customer's metrics", async () => {
    const s = workspace();
    // Contacts synced before conversations ever were: no support metrics yet.
    await fullContactRun(s);
    const doomed = (await sandboxIds(SCALE, "/contacts")).slice(0, 2001);
    for (let i = 0; i < doomed.length; i += 50)
      await Promise.all(
        doomed
          .slice(i, i + 50)
          .map((id) => sandbox(`/contacts/${id}`, { method: "DELETE" }, SCALE)),
      );
    const { runId } = await fullContactRun(s);
    expect((await runRow(s, runId))?.tombstoned).toBe(2001);
    // A contact deleted in Intercom is erased here (docs/erasure.md "Erasure"): the conversations only
    // they were in become tombstones, though Intercom keeps them. The fill must still finish.
    const gone = new Set(doomed);
    const kept = (await sandboxConversations(SCALE))
      .filter((c) => !c.contactIds.every((id) => gone.has(id)))
      .map((c) => c.id)
      .sort();
    await fullConversationRun(s, kept);
    const unfilled = await s
      .db()
      .select({ email: customers.email })
      .from(customers)
      .where(
        and(
          eq(customers.workspaceId, s.config.INTERCOM_WORKSPACE_ID),
          isNull(customers.supportRefreshedAt),
        ),
      );
    expect(unfilled).toEqual([]);
    const again = await fullContactRun(s);
    expect((await runRow(s, again.runId))?.tombstoned).toBe(0);
  }, 120_000);
});

/** Conversations per email, counted here from the stored rows (what the fill must give). */
async function conversationsPerEmail(s: Services) {
  const ws = s.config.INTERCOM_WORKSPACE_ID;
  const people = await s
    .db()
    .select({ id: contacts.id, email: contacts.email })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ws), isNull(contacts.deletedAt)));
  const emailOf = new Map(people.map((p) => [p.id, p.email?.toLowerCase()]));
  const rows = await s
    .db()
    .select({ contactIds: conversations.contactIds })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, ws), isNull(conversations.deletedAt)));
  const counts = new Map<string, number>();
  for (const r of rows) {
    const emails = new Set((r.contactIds ?? []).map((id) => emailOf.get(id)));
    for (const e of emails) if (e) counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  return counts;
}
