import type { z } from "zod";
import type { IntercomHttp } from "./http.ts";
import type { cursorPagesSchema } from "./schemas/responses.ts";

/** Intercom's page size cap on every endpoint. */
export const MAX_PER_PAGE = 150;

type Pages = z.infer<typeof cursorPagesSchema>;

export interface Page<T> {
  items: T[];
  /** The cursor of the next page, or null on the last one: a resumable position. */
  next: string | null;
  totalCount: number | null;
  /** `pages.per_page` and `pages.total_pages` as answered: what the sync's page guard judges by. */
  perPage: number | null;
  totalPages: number | null;
}

export interface SearchQuery {
  query: unknown;
  sort?: { field: string; order: "ascending" | "descending" };
  perPage?: number;
}

/** The body of `POST /contacts/search` and `/conversations/search`: cursor in `pagination`. */
function searchBody(search: SearchQuery, cursor: string | null) {
  return {
    query: search.query,
    ...(search.sort ? { sort: search.sort } : {}),
    pagination: {
      per_page: Math.min(search.perPage ?? MAX_PER_PAGE, MAX_PER_PAGE),
      ...(cursor ? { starting_after: cursor } : {}),
    },
  };
}

const nextCursor = (pages: Pages): string | null => pages?.next?.starting_after ?? null;

/** A cursor-paged answer as a Page: its items, the next cursor and the figures it reported. */
export function pageOf<T>(
  items: T[],
  res: { pages?: Pages | undefined; total_count?: number | null | undefined },
): Page<T> {
  return {
    items,
    next: nextCursor(res.pages),
    totalCount: res.total_count ?? null,
    perPage: res.pages?.per_page ?? null,
    totalPages: res.pages?.total_pages ?? null,
  };
}

/** One page of a search endpoint (`POST /contacts/search`, …), its items picked from the answer. */
export function searchPageOf<
  R extends { pages?: Pages | undefined; total_count?: number | null | undefined },
  T,
>(http: IntercomHttp, path: string, schema: z.ZodType<R>, itemsOf: (res: R) => T[]) {
  return async (search: SearchQuery, cursor: string | null): Promise<Page<T>> => {
    const res = await http.request({
      method: "POST",
      path,
      body: searchBody(search, cursor),
      schema,
      // A read sent as POST.
      idempotent: true,
    });
    return pageOf(itemsOf(res), res);
  };
}

/**
 * Walks a cursor chain page by page. `fetchPage(cursor)` asks for one page; the iterator
 * stops when Intercom gives no next cursor (or repeats one, which would loop forever).
 */
export async function* pagesOf<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  startAfter: string | null = null,
): AsyncGenerator<Page<T>> {
  let cursor = startAfter;
  const seen = new Set<string>();
  for (;;) {
    const page = await fetchPage(cursor);
    yield page;
    if (!page.next || seen.has(page.next)) return;
    seen.add(page.next);
    cursor = page.next;
  }
}

export type { IntercomHttp };
