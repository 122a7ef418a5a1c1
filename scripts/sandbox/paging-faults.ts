import type { PagingFaults } from "./faults.ts";
import { paginate } from "./http-kit.ts";

/** A fresh cursor per repeat of a pinned page: `again:<n>:<the cursor that reads the page>`. */
const AGAIN = "again:";
const encode = (text: string) => Buffer.from(text).toString("base64url");

function pinnedBy(cursor: string | null): { inner: string | null; repeats: number } {
  if (!cursor) return { inner: null, repeats: 0 };
  const text = Buffer.from(cursor, "base64url").toString();
  if (!text.startsWith(AGAIN)) return { inner: cursor, repeats: 0 };
  const [repeats, ...inner] = text.slice(AGAIN.length).split(":");
  return { inner: inner.join(":") || null, repeats: Number(repeats) || 0 };
}

/** `paginate` with the paging faults applied: the page, its `pages`, and the total to report. */
export function faultyPage<T>(
  items: readonly T[],
  perPageRaw: unknown,
  cursor: string | null,
  faults: PagingFaults,
) {
  const asked = pinnedBy(cursor);
  const { page, pages } = paginate(items, perPageRaw, asked.inner);
  const total = Math.max(0, items.length - faults.totalShortBy);
  let next = pages.next?.starting_after ?? null;
  const pin = faults.repeatPageFromPage;
  if (pin >= 2 && pages.page >= pin)
    next = encode(`${AGAIN}${asked.repeats + 1}:${asked.inner ?? ""}`);
  // paginate's own cursor (the offset) to the empty page after the last.
  else if (pin >= 2 && next === null && pages.page === pin - 1)
    next = encode(String(pages.page * pages.per_page));
  if (faults.repeatCursorFromPage >= 2 && pages.page >= faults.repeatCursorFromPage && cursor)
    next = cursor;
  const { next: _, ...rest } = pages;
  return {
    page,
    total,
    pages: {
      ...rest,
      total_pages:
        faults.totalShortBy > 0
          ? Math.max(1, Math.ceil(total / pages.per_page))
          : pages.total_pages,
      ...(next ? { next: { per_page: pages.per_page, starting_after: next } } : {}),
    },
  };
}

/** A rendered conversation with the `extraParts` fault applied to its parts. */
export function servedParts<C extends object>(conversation: C, extra: number): C {
  const list = (conversation as { conversation_parts?: unknown }).conversation_parts as
    | { conversation_parts: Array<{ id: string }>; total_count: number }
    | undefined;
  const last = list?.conversation_parts.at(-1);
  if (extra < 1 || !list || !last) return conversation;
  const copies = Array.from({ length: extra }, (_, k) => ({ ...last, id: `${last.id}-copy${k}` }));
  const parts = [...list.conversation_parts, ...copies];
  return {
    ...conversation,
    conversation_parts: { ...list, conversation_parts: parts, total_count: parts.length },
  };
}
