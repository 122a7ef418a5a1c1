import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations } from "../../../src/db/schema/conversations.ts";
import { syncPartitions } from "../../../src/db/schema/sync.ts";
import type { IntercomClient } from "../../../src/intercom/client.ts";
import { FINISH_CALLS_PER_SLICE } from "../../../src/sync/claim.ts";
import type { SyncMessage } from "../../../src/sync/messages.ts";
import { startSync } from "../../../src/sync/start.ts";
import { runRow } from "../../support/scale.ts";
import { collectingQueue, finishRun, servicesPerTest, syncServices } from "../../support/sync.ts";

const workspace = servicesPerTest(syncServices);
const PAGES = 400;
const PER_PAGE = 60;
const deletedId = (page: number, i: number) => `del_${page}_${i}`;

/**
 * Intercom answering 400 pages of deletions (24,000): more than two slices. The sandbox's
 * list would need that many deleted conversations; its other answers stay the sandbox's.
 */
function withDeletions(client: IntercomClient): IntercomClient {
  return {
    ...client,
    deletedConversationsPage: async (page: number) => ({
      items: Array.from({ length: PER_PAGE }, (_, i) => ({
        type: "conversation",
        id: deletedId(page, i),
        deleted_at: 1_700_000_000,
      })) as Awaited<ReturnType<IntercomClient["deletedConversationsPage"]>>["items"],
      hasMore: page < PAGES,
    }),
  };
}

describe("a conversation run's finish, sliced", () => {
  it("reads 400 pages of deletions in slices of at most 150 calls and tombstones across them", async () => {
    const s = workspace();
    const ws = s.config.INTERCOM_WORKSPACE_ID;
    const run = await startSync("conversations", "full", "test", {
      client: null,
      db: s.db(),
      queue: collectingQueue<SyncMessage>([]),
      workspaceId: ws,
      now: new Date(),
    });
    await s.db().update(syncPartitions).set({ done: true }).where(eq(syncPartitions.runId, run.id));
    // Stored ones that Intercom lists as deleted on the first page, in the middle, and last.
    const listed = [deletedId(1, 0), deletedId(148, 7), deletedId(PAGES, 59)];
    const now = new Date();
    await s
      .db()
      .insert(conversations)
      .values(
        listed.map((id) => ({ workspaceId: ws, id, writtenAt: now, writtenFrom: "sync" as const })),
      );
    const deliveries = await finishRun(s, withDeletions(s.intercom() as IntercomClient), run.id);
    // The first slice spends 3 calls on the catalogues (admins, teams, tags).
    const pages = deliveries.map((d) => d.filter(([name]) => name === "deletedConversationsPage"));
    expect(pages.map((p) => p.length)).toEqual([147, 150, 103]);
    expect(deliveries.map((d) => d.length)).toEqual([150, 150, 103]);
    for (const d of deliveries) expect(d.length).toBeLessThanOrEqual(FINISH_CALLS_PER_SLICE);
    expect(pages.flat().map(([, page]) => page)).toEqual(
      Array.from({ length: PAGES }, (_, i) => i + 1),
    );
    expect(await runRow(s, run.id)).toMatchObject({ status: "succeeded", tombstoned: 3 });
    const rows = await s.db().select().from(conversations).where(eq(conversations.workspaceId, ws));
    expect(rows.every((r) => r.deletedAt !== null)).toBe(true);
  }, 60_000);
});
