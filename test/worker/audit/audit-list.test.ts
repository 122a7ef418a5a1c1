import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { audited, createAuditor } from "../../../src/audit/auditor.ts";
import { syncRuns } from "../../../src/db/schema/sync.ts";
import { startSync } from "../../../src/sync/start.ts";
import { adminHeaders, adminPost, auditWorkspace, listAuditPage } from "../../support/audit.ts";
import { expectStatus } from "../../support/status.ts";

const ws = auditWorkspace("list");
afterAll(() => ws.services.close());

describe("GET /v1/audit", () => {
  it("pages newest first with the list cursor, filters by action and since, workspace only", async () => {
    const endAll = () => ws.send("/v1/sessions", { method: "DELETE", headers: adminHeaders });
    for (let i = 0; i < 3; i++) await expectStatus(await endAll(), 200);
    // Apart by a few milliseconds: `since` is inclusive, and entries are timed to the ms.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const middle = new Date();
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (let i = 0; i < 2; i++)
      await expectStatus(
        await ws.send(`/v1/outbox/${crypto.randomUUID()}/retry`, adminPost()),
        404,
      );
    await expectStatus(await endAll(), 200);

    // Two at a time: every entry once, newest first, the last page without a cursor.
    const seen: Array<{ id: string; action: string; at: string }> = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
      const page = await listAuditPage(ws, query);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data);
      cursor = page.next_cursor;
      if (!cursor) break;
    }
    expect(seen.map((e) => e.action)).toEqual([
      "sessions.end_all",
      "outbox.retry",
      "outbox.retry",
      "sessions.end_all",
      "sessions.end_all",
      "sessions.end_all",
    ]);
    expect(new Set(seen.map((e) => e.id)).size).toBe(6);
    const times = seen.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const retries = await listAuditPage(ws, "?action=outbox.retry");
    expect(retries.data.map((e) => e.outcome)).toEqual(["refused", "refused"]);
    expect(retries.data[0]).toMatchObject({
      reason: "not_found",
      actor: { kind: "admin_key", ref: expect.stringMatching(/^[0-9a-f]{16}$/) },
      from: { address: expect.stringMatching(/^[0-9a-f]{16}$/), country: null },
    });
    const since = await listAuditPage(ws, `?since=${encodeURIComponent(middle.toISOString())}`);
    expect(since.data.map((e) => e.action)).toEqual([
      "sessions.end_all",
      "outbox.retry",
      "outbox.retry",
    ]);
    const both = await listAuditPage(
      ws,
      `?action=sessions.end_all&since=${encodeURIComponent(middle.toISOString())}`,
    );
    expect(both.data).toHaveLength(1);

    // Another workspace's log is not this one's.
    const other = auditWorkspace("list_other");
    try {
      expect((await listAuditPage(other)).data).toEqual([]);
    } finally {
      await other.services.close();
    }
  });

  it("refuses a bad action, since or cursor as a 400 naming it, and answers 401 without the key", async () => {
    for (const [query, field] of [
      ["?action=webhook.delete", "action"],
      ["?since=yesterday", "since"],
      ["?cursor=bm9wZQ", "cursor"],
      ["?limit=201", "limit"],
    ]) {
      const res = await ws.send(`/v1/audit${query}`, { headers: adminHeaders });
      await expectStatus(res, 400);
      const problem = (await res.json()) as { errors: Array<{ field: string }> };
      expect(problem.errors.map((e) => e.field).join(" ")).toContain(field);
    }
    await expectStatus(await ws.send("/v1/audit"), 401);
  });
});

describe("an action and its entry land together", () => {
  it("when the action's transaction fails after recording, neither stays, and one failed entry says so", async () => {
    const services = ws.services;
    const auditor = createAuditor({
      db: () => services.db(),
      logger: services.logger,
      workspaceId: ws.id,
      now: () => new Date(),
      actor: { kind: "admin_key", ref: "test" },
      origin: { address: null, country: null },
      requestId: null,
    });
    const before = (await ws.rows()).length;
    const attempt = audited(auditor, "sync.start", (within) =>
      startSync("conversations", "incremental", "manual", {
        client: null,
        db: services.db(),
        queue: services.queues.sync,
        workspaceId: ws.id,
        now: new Date(),
        onStarted: async (tx, run) => {
          await within(tx, { target: run.id });
          throw new Error("the run could not be finished");
        },
      }),
    );
    await expect(attempt).rejects.toThrow("the run could not be finished");
    const runs = await services
      .db()
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.workspaceId, ws.id), eq(syncRuns.kind, "conversations")));
    expect(runs).toEqual([]);
    const rows = await ws.rows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({
      action: "sync.start",
      outcome: "failed",
      reason: "internal",
      target: null,
    });
  });
});
