import type { SyncKind } from "../db/schema/sync.ts";
import type { IntercomClient } from "../intercom/client.ts";
import type { SearchQuery } from "../intercom/paging.ts";

const OLDEST_FIRST: SearchQuery = {
  query: { field: "created_at", operator: ">", value: 0 },
  sort: { field: "created_at", order: "ascending" },
  perPage: 1,
};

/**
 * One call: the oldest record's created_at, to spread a first full run's partitions over the
 * workspace's real age. Null when unknown (no client, or the call failed): the plan guesses.
 */
async function oldest(
  search: (q: SearchQuery) => Promise<{ items: Array<{ created_at?: number | null }> }>,
): Promise<number | null> {
  const page = await search(OLDEST_FIRST).catch(() => null);
  return page?.items[0]?.created_at ?? null;
}

/** The oldest contact's or conversation's created_at, as `oldest` reads it. */
export function oldestCreatedAt(kind: SyncKind, client: IntercomClient | null) {
  if (!client) return Promise.resolve(null);
  return oldest((q) =>
    kind === "contacts"
      ? client.searchContactsPage(q, null)
      : client.searchConversationsPage(q, null),
  );
}
