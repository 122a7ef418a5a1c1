import { count, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { contacts } from "../../../src/db/schema/contacts.ts";
import type { IntercomClient } from "../../../src/intercom/client.ts";
import type { Services } from "../../../src/services.ts";
import { boundsOf } from "../../../src/sync/page-guard.ts";
import {
  GUARD_CONTACTS,
  pagingFaults,
  requestMark,
  runState,
  runThroughQueue,
  sandboxTotal,
  searchesSince,
} from "../../support/page-guard.ts";
import { runSync, sandbox, servicesPerTest, syncServices } from "../../support/sync.ts";

// 600 contacts: an incremental run on a new workspace is one partition of 4 pages of 150.
const workspace = servicesPerTest(() => syncServices(GUARD_CONTACTS));
afterEach(() => pagingFaults(GUARD_CONTACTS));

async function storedContacts(s: Services) {
  const [row] = await s
    .db()
    .select({ n: count() })
    .from(contacts)
    .where(eq(contacts.workspaceId, s.config.INTERCOM_WORKSPACE_ID));
  return row?.n ?? 0;
}

/** A contact run through the queue consumer, with what it asked the sandbox's search. */
async function contactRun() {
  const s = workspace();
  const mark = await requestMark(GUARD_CONTACTS);
  const { runId } = await runThroughQueue(s, GUARD_CONTACTS, "contacts", "incremental");
  const searches = await searchesSince(GUARD_CONTACTS, mark, "/contacts/search");
  return { s, searches, stored: await storedContacts(s), ...(await runState(s, runId)) };
}

describe("the page guard on contact runs", () => {
  it("stops a search that hands back the cursor it was asked with, at the page that does", async () => {
    await pagingFaults(GUARD_CONTACTS, { repeatCursorFromPage: 2 });
    const { run, failures, partitions, stored, searches } = await contactRun();
    const error =
      "page guard, repeated_cursor: cursor repeated at page 2 (its next cursor is the one it was read with)";
    expect(failures).toEqual([{ messageKey: "step:0:0", error }]);
    expect(run).toMatchObject({ status: "failed", failures: 1, lastError: `step:0:0: ${error}` });
    // Page 2 was not written, nor was anything asked after it.
    expect(partitions).toMatchObject([{ pages: 1, records: 150, done: true, failed: true }]);
    expect(stored).toBe(150);
    expect(searches).toBe(2);
  });

  it("stops a search that serves more than the total it reports allows", async () => {
    // 600 served, 200 reported: 200 and one page of slack allow 350 records.
    await pagingFaults(GUARD_CONTACTS, { totalShortBy: 400 });
    const { run, failures, partitions, stored, searches } = await contactRun();
    expect(failures).toEqual([
      {
        messageKey: "step:0:0",
        error:
          "page guard, records_past_total: 450 records by page 3, past the 350 a reported total of 200 allows",
      },
    ]);
    expect(run?.status).toBe("failed");
    expect(partitions).toMatchObject([{ pages: 2, records: 300, total: 200, failed: true }]);
    expect(stored).toBe(300);
    expect(searches).toBe(3);
  });

  it("stops a search that serves one page again and again under fresh cursors", async () => {
    await pagingFaults(GUARD_CONTACTS, { repeatPageFromPage: 2 });
    const { run, failures, partitions, stored, searches } = await contactRun();
    expect(failures.map((f) => f.error)).toEqual([
      "page guard, records_past_total: 900 records by page 6, past the 750 a reported total of 600 allows",
    ]);
    expect(run?.status).toBe("failed");
    expect(partitions).toMatchObject([{ pages: 5, records: 750, failed: true }]);
    // The same 150 contacts over and over: rows for the 300 it served, no more.
    expect(stored).toBe(300);
    expect(stored).toBeLessThanOrEqual(await sandboxTotal(GUARD_CONTACTS, "/contacts"));
    expect(searches).toBe(6);
  });

  it("stops a search whose last page leads to empty pages that never end", async () => {
    await pagingFaults(GUARD_CONTACTS, { repeatPageFromPage: 5 });
    const { run, failures, partitions, stored, searches } = await contactRun();
    // 4 pages of total, one of slack, one for an empty last page: the 7th is one too many.
    expect(failures.map((f) => f.error)).toEqual([
      "page guard, pages_past_total: 7 pages, past the 6 a reported total of 600 allows at 150 a page",
    ]);
    expect(run?.status).toBe("failed");
    expect(partitions).toMatchObject([{ pages: 6, records: 600, failed: true }]);
    expect(stored).toBe(600);
    expect(searches).toBe(7);
  });

  it("lets a run through whose total grows as contacts are created during it", async () => {
    const s = workspace();
    const client = s.intercom() as IntercomClient;
    let firstTotal: number | null = null;
    const growing: IntercomClient = {
      ...client,
      searchContactsPage: async (...args) => {
        const page = await client.searchContactsPage(...args);
        if (firstTotal === null) {
          firstTotal = page.totalCount;
          const res = await sandbox(
            "/__sandbox/mutate",
            { method: "POST", body: JSON.stringify({ kind: "contacts.create", count: 300 }) },
            GUARD_CONTACTS,
          );
          expect(res.status).toBe(200);
        }
        return page;
      },
    };
    const { runId } = await runSync(s, "incremental", growing);
    const { run, failures, partitions } = await runState(s, runId);
    expect(failures).toEqual([]);
    const everyone = await sandboxTotal(GUARD_CONTACTS, "/contacts");
    expect(run).toMatchObject({ status: "succeeded", contactsSynced: everyone });
    // More than the first page's total alone allows: the later pages' totals count them.
    const first = { pages: 0, records: 0, total: firstTotal, cursor: null };
    const alone = boundsOf(first, { records: 0, next: null, total: null, perPage: 150 });
    expect(partitions[0]?.records).toBeGreaterThan(alone?.records ?? Number.POSITIVE_INFINITY);
    expect(await storedContacts(s)).toBe(everyone);
  });
});
