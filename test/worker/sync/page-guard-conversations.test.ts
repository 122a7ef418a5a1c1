import { count, eq, like } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { conversationParts, conversations } from "../../../src/db/schema/conversations.ts";
import { syncPartJobs } from "../../../src/db/schema/sync.ts";
import type { IntercomClient } from "../../../src/intercom/client.ts";
import type { Services } from "../../../src/services.ts";
import { runConversationSync } from "../../support/conversations.ts";
import {
  GUARD_CONVERSATIONS,
  pagingFaults,
  requestMark,
  runState,
  runThroughQueue,
  sandboxTotal,
  searchesSince,
} from "../../support/page-guard.ts";
import { sandbox, servicesPerTest, syncServices } from "../../support/sync.ts";

// 300 conversations, all created in the last 120 days: a full run on a new workspace has 8
// partitions, and the newest (7) holds them all, in 2 pages of 150; 0 to 6 are one empty page.
const workspace = servicesPerTest(() => syncServices(GUARD_CONVERSATIONS));
afterEach(() => pagingFaults(GUARD_CONVERSATIONS));

const EMPTY = [0, 1, 2, 3, 4, 5, 6];

async function stored(s: Services) {
  const ws = s.config.INTERCOM_WORKSPACE_ID;
  const db = s.db();
  const [rows] = await db
    .select({ n: count() })
    .from(conversations)
    .where(eq(conversations.workspaceId, ws));
  const [parts] = await db
    .select({ n: count() })
    .from(conversationParts)
    .where(eq(conversationParts.workspaceId, ws));
  return { conversations: rows?.n ?? 0, parts: parts?.n ?? 0 };
}

/** A full conversation run through the queue consumer, with what it asked the search. */
async function conversationRun() {
  const s = workspace();
  const mark = await requestMark(GUARD_CONVERSATIONS);
  const { runId } = await runThroughQueue(s, GUARD_CONVERSATIONS, "conversations", "full");
  const searches = await searchesSince(GUARD_CONVERSATIONS, mark, "/conversations/search");
  return { s, runId, searches, stored: await stored(s), ...(await runState(s, runId)) };
}

describe("the page guard on conversation runs", () => {
  it("stops a search that hands back the cursor it was asked with, at the page that does", async () => {
    await pagingFaults(GUARD_CONVERSATIONS, { repeatCursorFromPage: 2 });
    const { run, failures, partitions, stored, searches } = await conversationRun();
    expect(failures).toEqual([
      {
        messageKey: "page:7:1",
        error:
          "page guard, repeated_cursor: cursor repeated at page 2 (its next cursor is the one it was read with)",
      },
    ]);
    // The other partitions end as they should; the run ends failed once they have.
    expect(run).toMatchObject({ status: "failed", failures: 1 });
    expect(partitions[7]).toMatchObject({ pages: 1, records: 150, done: true, failed: true });
    for (const p of EMPTY) expect(partitions[p]).toMatchObject({ done: true, failed: false });
    expect(stored.conversations).toBe(150);
    expect(searches).toBe(EMPTY.length + 2);
  });

  it("stops a search that serves more than the total it reports allows", async () => {
    await pagingFaults(GUARD_CONVERSATIONS, { totalShortBy: 200 });
    const { run, failures, stored, searches } = await conversationRun();
    expect(failures).toEqual([
      {
        messageKey: "page:7:1",
        error:
          "page guard, records_past_total: 300 records by page 2, past the 250 a reported total of 100 allows",
      },
    ]);
    expect(run?.status).toBe("failed");
    expect(stored.conversations).toBe(150);
    expect(searches).toBe(EMPTY.length + 2);
  });

  it("stops a list that repeats a page under fresh cursors, and empty pages that never end", async () => {
    await pagingFaults(GUARD_CONVERSATIONS, { repeatPageFromPage: 2 });
    const { run, failures, partitions, stored, searches } = await conversationRun();
    // Partition 7 serves its page 2 again and again; the empty ones an empty page 2 forever.
    expect(failures).toEqual([
      ...EMPTY.map((p) => ({
        messageKey: `page:${p}:3`,
        error:
          "page guard, pages_past_total: 4 pages, past the 3 a reported total of 0 allows at 150 a page",
      })),
      {
        messageKey: "page:7:3",
        error:
          "page guard, records_past_total: 600 records by page 4, past the 450 a reported total of 300 allows",
      },
    ]);
    expect(run).toMatchObject({ status: "failed", failures: 8 });
    for (const p of partitions) expect(p).toMatchObject({ pages: 3, failed: true });
    // Each chain stopped at its 4th search; the table holds what the sandbox has, no more.
    expect(searches).toBe(8 * 4);
    expect(stored.conversations).toBe(await sandboxTotal(GUARD_CONVERSATIONS, "/conversations"));
  });

  it("stops a part job whose answers list more parts than their statistics count", async () => {
    await pagingFaults(GUARD_CONVERSATIONS, { extraParts: 60 });
    const { s, runId, run, failures, stored } = await conversationRun();
    const jobs = await s.db().select().from(syncPartJobs).where(eq(syncPartJobs.runId, runId));
    expect(jobs.length).toBeGreaterThan(1);
    for (const job of jobs) expect(job).toMatchObject({ done: true, failed: true });
    // Every job fails at its first answer, and writes nothing of what it fetched.
    expect(failures.map((f) => f.messageKey).sort()).toEqual(
      jobs.map((j) => `parts:${j.key}`).sort(),
    );
    for (const f of failures)
      expect(f.error).toMatch(
        /^conversation \d+: page guard, records_past_total: \d+ records by page 1, past the \d+ a reported total of \d+ allows$/,
      );
    expect(run).toMatchObject({ status: "failed", failures: jobs.length, parts: 0 });
    expect(stored).toEqual({ conversations: 300, parts: 0 });
    const copies = await s
      .db()
      .select({ n: count() })
      .from(conversationParts)
      .where(like(conversationParts.id, "%-copy%"));
    expect(copies[0]?.n).toBe(0);
  });

  it("lets a run through whose total grows as conversations are created during it", async () => {
    const s = workspace();
    const client = s.intercom() as IntercomClient;
    let firstTotal: number | null = null;
    const growing: IntercomClient = {
      ...client,
      searchConversationsPage: async (...args) => {
        const page = await client.searchConversationsPage(...args);
        if (firstTotal === null && page.items.length > 0) {
          firstTotal = page.totalCount;
          const res = await sandbox(
            "/__sandbox/mutate",
            { method: "POST", body: JSON.stringify({ kind: "conversations.create", count: 200 }) },
            GUARD_CONVERSATIONS,
          );
          expect(res.status).toBe(200);
        }
        return page;
      },
    };
    const { runId } = await runConversationSync(s, "full", { client: growing });
    const { run, failures, partitions } = await runState(s, runId);
    expect(failures).toEqual([]);
    const everything = await sandboxTotal(GUARD_CONVERSATIONS, "/conversations");
    expect(firstTotal).toBe(300);
    expect(run).toMatchObject({ status: "succeeded", conversationsSynced: everything });
    // 500 read where the first page said 300: more than 300 and its slack (450) allow.
    expect(partitions[7]?.records).toBe(everything);
    expect(everything).toBeGreaterThan(450);
    expect((await stored(s)).conversations).toBe(everything);
  });
});
