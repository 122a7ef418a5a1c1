import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { accounts, companies, contactCompanies } from "../../../src/db/schema/companies.ts";
import { syncPartitions, syncRuns } from "../../../src/db/schema/sync.ts";
import type { Services } from "../../../src/services.ts";
import { QUEUE_BACKOFF, retryWaitSeconds } from "../../../src/shared/retry.ts";
import { ScrollHeldError } from "../../../src/sync/companies/position.ts";
import { runCompanyScroll } from "../../../src/sync/companies/scroll.ts";
import type { CompanyScrollMessage, SyncMessage } from "../../../src/sync/messages.ts";
import { startSync } from "../../../src/sync/start.ts";
import {
  COMPANY_SANDBOX,
  companyKnobs,
  companyWorkspace,
  mutateCompanies,
  runToEnd,
  sandboxCompanies,
} from "../../support/companies.ts";
import { briefOutage, collectingQueue } from "../../support/sync.ts";

const ws = companyWorkspace();
const wsId = ws.services.config.INTERCOM_WORKSPACE_ID;
afterAll(() => ws.services.close());

const db = () => ws.services.db();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sandboxGet<T>(path: string): Promise<T> {
  const res = await fetch(`${COMPANY_SANDBOX}${path}`, {
    headers: { authorization: "Bearer local-intercom-token" },
  });
  return (await res.json()) as T;
}

/** The contact ids Intercom lists for a company, every page. */
async function peopleOf(companyId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const res = await sandboxGet<{ data: Array<{ id: string }>; pages: { total_pages: number } }>(
      `/companies/${companyId}/contacts?page=${page}&per_page=50`,
    );
    ids.push(...res.data.map((c) => c.id));
    if (page >= res.pages.total_pages || res.data.length === 0) return ids;
  }
}

/** Scroll calls the company sandbox has answered so far. */
async function scrollCalls(): Promise<number> {
  const stats = await sandboxGet<{ byRoute: Record<string, number> }>("/__sandbox/stats");
  return stats.byRoute["GET /companies/scroll"] ?? 0;
}

async function storedAccounts() {
  return db().select().from(accounts).where(eq(accounts.workspaceId, wsId));
}

describe("company runs: every company an account, memberships past ten, revenue per account", () => {
  it("after full contact and company runs, the accounts are exactly Intercom's companies", async () => {
    const contactsRun = await runToEnd(ws, "contacts", "full");
    expect(contactsRun.run.status).toBe("succeeded");
    const run = await runToEnd(ws, "companies", "full");
    expect(run.run).toMatchObject({ status: "succeeded", failures: 0, scrollRestarts: 0 });
    // 2,560 companies: 26 pages of 100, more than one message's 25.
    expect(run.kinds["sync.companies.page"]).toBeGreaterThan(1);
    const theirs = await sandboxCompanies();
    expect(theirs.length).toBeGreaterThan(2_500);
    expect(run.run.companiesSynced).toBe(theirs.length);
    const ours = await storedAccounts();
    expect(ours.map((a) => a.intercomId).sort()).toEqual(theirs.map((c) => c.id).sort());
    const byId = new Map(ours.map((a) => [a.intercomId, a]));
    const wrong = theirs.filter((c) => {
      const a = byId.get(c.id);
      return a?.peopleCount !== c.user_count || a.companyId !== c.company_id;
    });
    expect(wrong.map((c) => c.id)).toEqual([]);
    expect(theirs.some((c) => c.user_count === 0)).toBe(true);
  }, 120_000);

  it("links people in more than 10 companies to every one of them", async () => {
    const many = await db().execute<{ contact_id: string; n: number }>(sql`
      select contact_id, count(*)::int as n from ${contactCompanies}
      where workspace_id = ${wsId} and attached group by contact_id having count(*) > 10`);
    expect(many.rows.length).toBeGreaterThan(0);
    for (const row of many.rows.slice(0, 5)) {
      const theirs = await sandboxGet<{ total_count: number }>(
        `/contacts/${row.contact_id}/companies?page=1&per_page=50`,
      );
      expect(row.n).toBe(theirs.total_count);
    }
  });

  it("counts each distinct customer's MRR once in its account", async () => {
    const rows = await db().execute<{ intercom_id: string }>(sql`
      select intercom_id from ${accounts} where workspace_id = ${wsId} and people_count > 1
      order by mrr desc limit 15`);
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const { intercom_id } of rows.rows) {
      const people = await peopleOf(intercom_id);
      const sums = await db().execute<{ mrr: number }>(sql`
        select coalesce(sum(cu.mrr), 0)::float8 as mrr from customers cu
        where cu.workspace_id = ${wsId} and cu.email in (
          select distinct lower(c.email) from contacts c
          where c.workspace_id = ${wsId} and c.id = any(${`{${people.join(",")}}`}::text[])
            and c.deleted_at is null)`);
      const [account] = await db()
        .select({ mrr: accounts.mrr, people: accounts.peopleCount })
        .from(accounts)
        .where(and(eq(accounts.workspaceId, wsId), eq(accounts.intercomId, intercom_id)));
      expect(account?.people).toBe(people.length);
      expect(account?.mrr).toBeCloseTo(sums.rows[0]?.mrr ?? -1, 6);
    }
  });

  it("a second full run changes nothing and tombstones nothing", async () => {
    const before = await storedAccounts();
    const run = await runToEnd(ws, "companies", "full");
    expect(run.run).toMatchObject({ status: "succeeded", tombstoned: 0 });
    const after = await storedAccounts();
    const strip = (rows: typeof before) =>
      rows
        .map(({ derivedAt: _d, ...rest }) => rest)
        .sort((a, b) => a.intercomId.localeCompare(b.intercomId));
    expect(strip(after)).toEqual(strip(before));
  }, 120_000);

  it("renames, moves people and re-counts on an incremental run; only a full run tombstones", async () => {
    const [first, second, doomed] = (await storedAccounts())
      .filter((a) => a.peopleCount > 0)
      .sort((a, b) => a.intercomId.localeCompare(b.intercomId));
    if (!first || !second || !doomed) throw new Error("the sandbox has too few companies");
    await mutateCompanies({ kind: "company.rename", id: first.intercomId, name: "Renamed Inc" });
    const mover = (await peopleOf(second.intercomId))[0] as string;
    await mutateCompanies({ kind: "company.detach", id: second.intercomId, contact_id: mover });
    await mutateCompanies({ kind: "company.attach", id: first.intercomId, contact_id: mover });
    await mutateCompanies({ kind: "company.delete", id: doomed.intercomId });
    const incremental = await runToEnd(ws, "companies", "incremental");
    expect(incremental.run).toMatchObject({ status: "succeeded", tombstoned: 0 });
    const get = async (id: string) =>
      (await storedAccounts()).find((a) => a.intercomId === id) ?? null;
    expect(await get(first.intercomId)).toMatchObject({
      name: "Renamed Inc",
      peopleCount: first.peopleCount + 1,
    });
    expect((await get(second.intercomId))?.peopleCount).toBe(second.peopleCount - 1);
    // An incremental run proves no disappearance: the deleted company is still an account.
    expect(await get(doomed.intercomId)).not.toBeNull();
    const full = await runToEnd(ws, "companies", "full");
    expect(full.run).toMatchObject({ status: "succeeded", tombstoned: 1 });
    expect(await get(doomed.intercomId)).toBeNull();
    const [tombstone] = await db()
      .select({ deletedAt: companies.deletedAt })
      .from(companies)
      .where(and(eq(companies.workspaceId, wsId), eq(companies.id, doomed.intercomId)));
    expect(tombstone?.deletedAt).not.toBeNull();
    const theirs = await sandboxCompanies();
    expect((await storedAccounts()).length).toBe(theirs.length);
  }, 120_000);

  it("tombstones a company a webhook wrote while the full run went, once Intercom answers 404", async () => {
    const [late] = (await storedAccounts()).sort((a, b) =>
      b.intercomId.localeCompare(a.intercomId),
    );
    if (!late) throw new Error("the sandbox has too few companies");
    await mutateCompanies({ kind: "company.delete", id: late.intercomId });
    // As a webhook's write lands after the run started, its company.deleted lost: the scroll
    // never serves the company, and only the run's 404 check can find it gone.
    await db()
      .update(companies)
      .set({ writtenAt: new Date(Date.now() + 3_600_000), writtenFrom: "webhook" })
      .where(and(eq(companies.workspaceId, wsId), eq(companies.id, late.intercomId)));
    const full = await runToEnd(ws, "companies", "full");
    expect(full.run).toMatchObject({ status: "succeeded", tombstoned: 1 });
    expect((await storedAccounts()).some((a) => a.intercomId === late.intercomId)).toBe(false);
  }, 120_000);
});

describe("the company scroll's guard and restarts", () => {
  it("starts a scroll Intercom expired again from the beginning, and writes each company once", async () => {
    const other = companyWorkspace();
    try {
      let pages = 0;
      const run = await runToEnd(other, "companies", "full", {
        // The scroll expires after 2 s unused: waiting 2.5 s before the second message's pages.
        between: async (m) => {
          if (m.kind === "sync.companies.page" && pages++ === 1) await sleep(2_500);
        },
      });
      expect(run.run.status).toBe("succeeded");
      expect(run.run.scrollRestarts).toBe(1);
      const stored = await other.services
        .db()
        .select({ id: companies.id })
        .from(companies)
        .where(
          and(
            eq(companies.workspaceId, other.services.config.INTERCOM_WORKSPACE_ID),
            isNull(companies.deletedAt),
          ),
        );
      expect(stored.length).toBe((await sandboxCompanies()).length);
    } finally {
      await other.services.close();
    }
  }, 120_000);

  it("starts the scroll again when a message follows a failed delivery, whose reads may have moved it", async () => {
    const other = companyWorkspace();
    try {
      let scrolls = 0;
      const run = await runToEnd(other, "companies", "full", {
        redeliver: (m) => m.kind === "sync.companies.page" && scrolls++ === 1,
      });
      expect(run.run.status).toBe("succeeded");
      expect(run.run.scrollRestarts).toBe(1);
      // Opening the new scroll waited for the old one to expire (Intercom's scroll_exists).
      expect(run.retries).toBeGreaterThan(0);
      const stored = await other.services
        .db()
        .select({ id: companies.id })
        .from(companies)
        .where(eq(companies.workspaceId, other.services.config.INTERCOM_WORKSPACE_ID));
      expect(stored.length).toBe((await sandboxCompanies()).length);
    } finally {
      await other.services.close();
    }
  }, 120_000);

  it("lets one delivery read the scroll at a time: a copy arriving meanwhile reads nothing and waits for the lease", async () => {
    const other = companyWorkspace();
    try {
      const sent: SyncMessage[] = [];
      const run = await startSync("companies", "full", "test", {
        client: null,
        db: other.services.db(),
        queue: collectingQueue(sent),
        workspaceId: other.services.config.INTERCOM_WORKSPACE_ID,
        now: new Date(),
      });
      // The first delivery holds the chain (it is reading); a copy of its message arrives.
      const leaseEnd = new Date(Date.now() + 60_000);
      const holdUntil = (until: Date) =>
        other.services
          .db()
          .update(syncPartitions)
          .set({ leaseUntil: until })
          .where(eq(syncPartitions.runId, run.id));
      await holdUntil(leaseEnd);
      const message = sent[0] as CompanyScrollMessage;
      const deps = {
        db: other.services.db(),
        client: other.services.intercom() as NonNullable<ReturnType<Services["intercom"]>>,
        clock: other.services.clock,
      };
      const before = await scrollCalls();
      const copy = runCompanyScroll(message, deps);
      // Retried when the lease runs out, not acknowledged: its holder may have died with it.
      await expect(copy).rejects.toBeInstanceOf(ScrollHeldError);
      const held = await copy.catch((e: unknown) => e);
      expect(retryWaitSeconds(held, 1, QUEUE_BACKOFF, new Date(leaseEnd.getTime() - 42_000))).toBe(
        42,
      );
      expect(await scrollCalls()).toBe(before);
      // The holder died: with its lease run out, the retried copy reads the scroll on.
      await holdUntil(new Date(Date.now() - 1_000));
      const retried = await runCompanyScroll(message, deps, true);
      expect(retried.kind).not.toBe("stale");
      expect(await scrollCalls()).toBeGreaterThan(before);
      await other.services
        .db()
        .update(syncRuns)
        .set({ status: "failed" })
        .where(eq(syncRuns.id, run.id));
    } finally {
      await other.services.close();
    }
  });

  it("gives the scroll's lease back once Postgres returns, when a step fails while it is away", async () => {
    const other = companyWorkspace();
    try {
      const sent: SyncMessage[] = [];
      const real = other.services.db();
      const run = await startSync("companies", "full", "test", {
        client: null,
        db: real,
        queue: collectingQueue(sent),
        workspaceId: other.services.config.INTERCOM_WORKSPACE_ID,
        now: new Date(),
      });
      // Postgres goes away as the step fails: the first try to give the lease back fails too.
      const { db, goDown } = briefOutage(real);
      const client = {
        scrollCompanies: async () => {
          goDown();
          throw new Error("fetch failed");
        },
      } as unknown as NonNullable<ReturnType<Services["intercom"]>>;
      const step = runCompanyScroll(sent[0] as CompanyScrollMessage, {
        db,
        client,
        clock: other.services.clock,
        releaseWaitsMs: [10],
      });
      await expect(step).rejects.toThrow("fetch failed");
      // The retry may read at once, not a minute on.
      const [partition] = await real
        .select({ leaseUntil: syncPartitions.leaseUntil })
        .from(syncPartitions)
        .where(eq(syncPartitions.runId, run.id));
      expect(partition).toEqual({ leaseUntil: null });
      await real.update(syncRuns).set({ status: "failed" }).where(eq(syncRuns.id, run.id));
    } finally {
      await other.services.close();
    }
  });

  for (const runaway of ["repeat", "restart"] as const) {
    it(`stops a scroll that runs away (${runaway}) with its reason, before writing more`, async () => {
      const other = companyWorkspace();
      const total = (await sandboxCompanies()).length;
      const undo = await companyKnobs({ faults: { scrollRunaway: runaway } });
      try {
        const run = await runToEnd(other, "companies", "full");
        expect(run.run.status).toBe("failed");
        expect(run.run.lastError).toMatch(/company scroll: page guard, repeated_page/);
        const [n] = await other.services
          .db()
          .select({ n: sql<number>`count(*)::int` })
          .from(companies)
          .where(eq(companies.workspaceId, other.services.config.INTERCOM_WORKSPACE_ID));
        expect(n?.n ?? 0).toBeLessThanOrEqual(total);
        // Bounded: far fewer pages than a loop would read.
        expect(run.run.pages).toBeLessThan(60);
      } finally {
        await undo();
        await other.services.close();
      }
    }, 120_000);
  }

  it("refuses a company run narrowed by a range or hours back (Intercom cannot filter them)", async () => {
    const start = (window: {
      rangeFrom: number | null;
      rangeTo: number | null;
      hoursBack: number | null;
    }) =>
      startSync(
        "companies",
        window.hoursBack === null ? "full" : "incremental",
        "test",
        {
          client: null,
          db: db(),
          queue: collectingQueue([]),
          workspaceId: wsId,
          now: new Date(),
        },
        window,
      );
    await expect(start({ rangeFrom: 1, rangeTo: null, hoursBack: null })).rejects.toMatchObject({
      kind: "invalid_request",
    });
    await expect(start({ rangeFrom: null, rangeTo: null, hoursBack: 6 })).rejects.toMatchObject({
      kind: "invalid_request",
    });
  });
});
