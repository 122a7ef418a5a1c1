/**
 * The page guard: judged on every page a sync reads, before anything of it is written, so
 * that paging which has run away (a cursor that never ends or never moves, a list that serves
 * more than it says it holds) stops its partition instead of looping or inflating tables.
 * Pure: the callers bring the partition's checkpoint and the page, and settle a trip.
 *
 * The bound is the total Intercom reports, with a margin (docs/sync.md "Page guard"):
 *
 * - The total is the larger of the partition's first one (its checkpoint) and the page's own:
 *   records created during a walk are counted by the totals of the pages that serve them, so a
 *   total that grows with the data never trips it.
 * - The slack past it is a tenth of it, and never less than one page. A tenth for what no total
 *   counts: an incremental walk (in `updated_at` order) serves again the records updated while
 *   it runs, which the count does not add. A walk takes minutes and its window at least the
 *   two days of overlap, so those are a few percent of it on a busy workspace; a tenth is room
 *   several times over. One page at least because a tenth of a small partition is a record or
 *   two, which a handful of updates would pass; and a runaway caught one page late has cost
 *   one page of writes.
 * - In pages: the pages the total fills (`total_pages` when reported and larger), the slack in
 *   pages, and one more for the empty page a chain may end on.
 *
 * Where no total is reported (none of the chains the sync walks today: searches and lists all
 * answer `total_count`), only the cursor is judged; a caller that knows a bound by other means
 * passes it as the total. A chain whose cursor stays put by design (the companies scroll) runs
 * with checks of its own (`scrollChecks`): no page may repeat what it served, and a ceiling.
 */

/** Where a partition's chain stands before the page being judged: its checkpoint. */
export interface Checkpoint {
  /** Pages of the partition read and written before this one. */
  pages: number;
  /** Records those pages held (all read, whether or not written). */
  records: number;
  /** The total Intercom reported on the partition's first page; null when none was. */
  total: number | null;
  /** The cursor the page being judged was asked for with; null for a chain's first page. */
  cursor: string | null;
}

/** The page just read, as figures. */
export interface PageRead {
  records: number;
  /** The cursor to the next page; null on the last. */
  next: string | null;
  /** The total this page reported (`total_count`); null when it reported none. */
  total: number | null;
  /** `pages.total_pages`, when the answer has it. */
  totalPages?: number | null;
  /** Records a full page holds: the answer's `pages.per_page`, else what was asked for. */
  perPage: number;
  /** The fewest records of slack past the total; one page (`perPage`) unless given. */
  minSlack?: number;
  /** Records on the page its walk had not served before (a scroll counts them by id). */
  fresh?: number;
}

export type GuardRule =
  | "repeated_cursor"
  | "records_past_total"
  | "pages_past_total"
  | "repeated_page"
  | "records_past_bound";

export interface Trip {
  rule: GuardRule;
  /** The page that tripped it, numbered from 1 within its partition. */
  page: number;
  /** The rule and its figures, for `sync_failures` and `last_error`: numbers only, no data. */
  reason: string;
}

export type Verdict = { stop: false } | ({ stop: true } & Trip);

/**
 * One check of a page: a trip, or null. The guard runs a list of them in order; a chain of
 * another shape (a scroll whose cursor repeats by design, with no total) gets a list of its
 * own, and a check may read more of the page than figures (its ids) from a wider PageRead.
 */
export type Check = (at: Checkpoint, read: PageRead) => Trip | null;

const SLACK_FRACTION = 0.1;

/** The bounds the page is judged by, or null when no total is known. */
export function boundsOf(at: Checkpoint, read: PageRead) {
  if (at.total === null && read.total === null) return null;
  const total = Math.max(at.total ?? 0, read.total ?? 0);
  const perPage = Math.max(1, read.perPage);
  const slack = Math.max(Math.ceil(total * SLACK_FRACTION), read.minSlack ?? perPage);
  const pagesOfTotal = Math.max(Math.ceil(total / perPage), read.totalPages ?? 0);
  return {
    total,
    perPage,
    records: total + slack,
    pages: pagesOfTotal + Math.ceil(slack / perPage) + 1,
  };
}

const pageOf = (at: Checkpoint) => at.pages + 1;

const trip = (rule: GuardRule, page: number, detail: string): Trip => ({
  rule,
  page,
  reason: `page guard, ${rule}: ${detail}`,
});

/** The next cursor is the one the page was read with: the chain would read it forever. */
const repeatedCursor: Check = (at, read) =>
  at.cursor !== null && read.next === at.cursor
    ? trip(
        "repeated_cursor",
        pageOf(at),
        `cursor repeated at page ${pageOf(at)} (its next cursor is the one it was read with)`,
      )
    : null;

const recordsPastTotal: Check = (at, read) => {
  const bounds = boundsOf(at, read);
  const records = at.records + read.records;
  if (!bounds || records <= bounds.records) return null;
  return trip(
    "records_past_total",
    pageOf(at),
    `${records} records by page ${pageOf(at)}, past the ${bounds.records} a reported total of ${bounds.total} allows`,
  );
};

const pagesPastTotal: Check = (at, read) => {
  const bounds = boundsOf(at, read);
  if (!bounds || pageOf(at) <= bounds.pages) return null;
  return trip(
    "pages_past_total",
    pageOf(at),
    `${pageOf(at)} pages, past the ${bounds.pages} a reported total of ${bounds.total} allows at ${bounds.perPage} a page`,
  );
};

/** The checks of a cursor chain (searches and lists): the cursor must move, totals hold. */
export const CURSOR_CHAIN: readonly Check[] = [repeatedCursor, recordsPastTotal, pagesPastTotal];

/** A page of records its walk had all served already: the walk is going round again. */
const repeatedPage: Check = (at, read) =>
  read.fresh === 0 && read.records > 0
    ? trip(
        "repeated_page",
        pageOf(at),
        `page ${pageOf(at)} held no record its walk had not already served`,
      )
    : null;

/** More records than `bound`, a ceiling the caller knows by other means than a total. */
const recordsPastBound =
  (bound: number): Check =>
  (at, read) => {
    const records = at.records + read.records;
    return records > bound
      ? trip(
          "records_past_bound",
          pageOf(at),
          `${records} records by page ${pageOf(at)}, past the ${bound} allowed`,
        )
      : null;
  };

/**
 * The checks of a scroll, whose parameter may stay the same from page to page and which
 * reports no total: no page may repeat what the walk served, and `bound` caps the walk.
 */
export const scrollChecks = (bound: number): readonly Check[] => [
  repeatedPage,
  recordsPastBound(bound),
];

/** Continue, or stop with the first check that trips. */
export function guardPage(
  at: Checkpoint,
  read: PageRead,
  checks: readonly Check[] = CURSOR_CHAIN,
): Verdict {
  for (const check of checks) {
    const tripped = check(at, read);
    if (tripped) return { stop: true, ...tripped };
  }
  return { stop: false };
}

/** A partition row's checkpoint (`sync_partitions`). */
export const checkpointAt = (p: Checkpoint): Checkpoint => ({
  pages: p.pages,
  records: p.records,
  total: p.total,
  cursor: p.cursor,
});

/** A cursor page's figures (src/intercom/paging.ts `Page`): its size as answered, else as asked. */
export function pageRead(
  page: {
    items: readonly unknown[];
    next: string | null;
    totalCount: number | null;
    perPage?: number | null;
    totalPages?: number | null;
  },
  askedPerPage: number,
): PageRead {
  return {
    records: page.items.length,
    next: page.next,
    total: page.totalCount,
    totalPages: page.totalPages ?? null,
    perPage: page.perPage ?? askedPerPage,
  };
}

/** The checkpoint once the page is written: what `writePage` stores, for the next judgement. */
export function afterPage(at: Checkpoint, read: PageRead): Checkpoint {
  return {
    pages: at.pages + 1,
    records: at.records + read.records,
    total: at.total ?? read.total,
    cursor: read.next,
  };
}
