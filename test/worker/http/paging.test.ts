import { describe, expect, it } from "vitest";
import { expectStatus } from "../../support/status.ts";
import { admin, consume, notification, uniqueAppId } from "../../support/webhooks.ts";

interface Page {
  data: Array<Record<string, unknown>>;
  next_cursor: string | null;
}

async function page(path: string): Promise<Page> {
  const res = await admin(path);
  await expectStatus(res, 200);
  return (await res.json()) as Page;
}

/** Follows next_cursor from the first page until the last (or `pages` pages). */
async function walk(path: string, pages = 50): Promise<Page[]> {
  const walked: Page[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const current = await page(cursor ? `${path}${sep}cursor=${cursor}` : path);
    walked.push(current);
    cursor = current.next_cursor;
  } while (cursor && walked.length < pages);
  return walked;
}

describe("every list pages the same way (cursor, limit, next_cursor)", () => {
  it("walks webhook deliveries newest first, each once, to a last page without a cursor", async () => {
    const appId = uniqueAppId();
    const sent = Array.from({ length: 5 }, (_, i) =>
      notification("contact.user.updated", { appId, contactId: `c${i}`, at: 1_763_800_000 + i }),
    );
    for (const n of sent) await consume([n]);
    const pages = await walk(`/v1/webhooks/deliveries?workspace_id=${appId}&limit=2`);
    expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
    expect(pages.at(-1)?.next_cursor).toBeNull();
    const keys = pages.flatMap((p) => p.data.map((d) => d.delivery_key));
    expect(new Set(keys).size).toBe(5);
    const received = pages.flatMap((p) => p.data.map((d) => String(d.received_at)));
    expect([...received].sort().reverse()).toEqual(received);
  });

  for (const list of [
    "/v1/outbox",
    "/v1/sync/runs",
    "/v1/alerts",
    "/v1/customers",
    "/v1/accounts",
    "/v1/erasures",
  ]) {
    it(`${list}: pages do not overlap, and a forged cursor is a 400 naming it`, async () => {
      const pages = await walk(`${list}?limit=2`, 3);
      const rows = pages.flatMap((p) =>
        p.data.map((r) => JSON.stringify(r.id ?? r.run_id ?? r.intercom_id ?? r.email)),
      );
      expect(new Set(rows).size).toBe(rows.length);
      // Two rows a page, or one where two would pass the byte budget (list-byte-budget.test.ts
      // fills the shared lists with large rows while this runs).
      for (const p of pages.slice(0, -1)) expect([1, 2]).toContain(p.data.length);
      for (const forged of ["nope", btoa("{}"), btoa("[1,2,3,4]"), btoa('["; drop", 1]')]) {
        const res = await admin(`${list}?cursor=${encodeURIComponent(forged)}`);
        await expectStatus(res, 400);
        expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([
          { field: "cursor", message: "is not a cursor this list gave out" },
        ]);
      }
    });
  }
});
