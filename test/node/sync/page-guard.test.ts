import { describe, expect, it } from "vitest";
import {
  afterPage,
  boundsOf,
  type Checkpoint,
  guardPage,
  type PageRead,
} from "../../../src/sync/page-guard.ts";

const at = (c: Partial<Checkpoint> = {}): Checkpoint => ({
  pages: 0,
  records: 0,
  total: null,
  cursor: null,
  ...c,
});
const read = (r: Partial<PageRead> = {}): PageRead => ({
  records: 150,
  next: "c-next",
  total: null,
  perPage: 150,
  ...r,
});

describe("the page guard", () => {
  it("stops a page whose next cursor is the one it was read with, naming the page", () => {
    const verdict = guardPage(at({ pages: 6, cursor: "c-7" }), read({ next: "c-7", total: 5000 }));
    expect(verdict).toMatchObject({ stop: true, rule: "repeated_cursor", page: 7 });
    expect(verdict.stop && verdict.reason).toBe(
      "page guard, repeated_cursor: cursor repeated at page 7 (its next cursor is the one it was read with)",
    );
  });

  it("lets a chain's first and last pages through, and a cursor that moves", () => {
    expect(guardPage(at(), read({ next: null, records: 0, total: 0 })).stop).toBe(false);
    expect(guardPage(at({ cursor: "a" }), read({ next: null, total: 300 })).stop).toBe(false);
    expect(guardPage(at({ cursor: "a" }), read({ next: "b", total: 300 })).stop).toBe(false);
  });

  it("allows a tenth of the total past it, never less than one page", () => {
    // 300 records at 150 a page: one page of slack (a tenth is 30), 450 records in all.
    expect(boundsOf(at({ total: 300 }), read())).toMatchObject({ records: 450, pages: 4 });
    // 3,000: a tenth is 300, two pages; 20 pages of total, 2 of slack, 1 for an empty last.
    expect(boundsOf(at({ total: 3000 }), read())).toMatchObject({ records: 3300, pages: 23 });
    expect(boundsOf(at(), read())).toBeNull();
  });

  it("passes a page that reaches the records bound and stops one record past it", () => {
    const total = { total: 300 };
    const reaching = guardPage(at({ pages: 2, records: 300, cursor: "c", ...total }), read(total));
    expect(reaching.stop).toBe(false);
    const past = guardPage(at({ pages: 2, records: 301, cursor: "c", ...total }), read(total));
    expect(past).toMatchObject({ stop: true, rule: "records_past_total", page: 3 });
    expect(past.stop && past.reason).toBe(
      "page guard, records_past_total: 451 records by page 3, past the 450 a reported total of 300 allows",
    );
  });

  it("passes the page at the pages bound and stops the one after it", () => {
    // Empty pages with fresh cursors: only the page count grows. 300 allows 4 pages.
    const empty = read({ records: 0, total: 300 });
    expect(guardPage(at({ pages: 3, records: 300, total: 300, cursor: "c" }), empty).stop).toBe(
      false,
    );
    const past = guardPage(at({ pages: 4, records: 300, total: 300, cursor: "c" }), empty);
    expect(past).toMatchObject({ stop: true, rule: "pages_past_total", page: 5 });
    expect(past.stop && past.reason).toBe(
      "page guard, pages_past_total: 5 pages, past the 4 a reported total of 300 allows at 150 a page",
    );
  });

  it("takes the larger of the first total and the page's own: a total that grows is no runaway", () => {
    // The partition began at 300; records created since are counted by this page's 600.
    const grown = guardPage(
      at({ pages: 4, records: 600, total: 300, cursor: "c" }),
      read({ total: 600 }),
    );
    expect(grown.stop).toBe(false);
    // A total that shrinks (deletions) keeps the first one as the bound.
    const shrunk = guardPage(
      at({ pages: 2, records: 300, total: 300, cursor: "c" }),
      read({ total: 10 }),
    );
    expect(shrunk.stop).toBe(false);
  });

  it("reads total_pages when the answer reports more pages than the total fills", () => {
    const bounds = boundsOf(at({ total: 300 }), read({ total: 300, totalPages: 6 }));
    expect(bounds?.pages).toBe(8);
  });

  it("judges only the cursor where no total was ever reported", () => {
    const endless = at({ pages: 10_000, records: 1_500_000, cursor: "c" });
    expect(guardPage(endless, read()).stop).toBe(false);
    expect(guardPage(endless, read({ next: "c" }))).toMatchObject({ rule: "repeated_cursor" });
  });

  it("bounds one answer by its own floor of slack when given one (a conversation's parts)", () => {
    const parts = (records: number) =>
      guardPage(at(), { records, next: null, total: 4, perPage: 500, minSlack: 50 });
    expect(parts(54).stop).toBe(false);
    expect(parts(55)).toMatchObject({ stop: true, rule: "records_past_total", page: 1 });
  });

  it("moves the checkpoint as a written page does: the first total is kept", () => {
    const next = afterPage(
      at({ pages: 1, records: 150, total: 300, cursor: "a" }),
      read({ total: 450, next: "b" }),
    );
    expect(next).toEqual({ pages: 2, records: 300, total: 300, cursor: "b" });
    expect(afterPage(at(), read({ total: 450 })).total).toBe(450);
  });

  it("runs the checks it is given: a chain of another shape brings its own", () => {
    const scroll = guardPage(at({ cursor: "same" }), read({ next: "same" }), []);
    expect(scroll.stop).toBe(false);
  });
});
