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

export const oldestCreatedAt = (client: IntercomClient | null) =>
  client ? oldest((q) => client.searchContactsPage(q, null)) : Promise.resolve(null);

export const oldestConversationCreatedAt = (client: IntercomClient | null) =>
  client ? oldest((q) => client.searchConversationsPage(q, null)) : Promise.resolve(null);
