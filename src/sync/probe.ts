import type { IntercomClient } from "../intercom/client.ts";

/** One call: the oldest contact's created_at, to spread a first full run's partitions. */
export async function oldestCreatedAt(client: IntercomClient | null): Promise<number | null> {
  if (!client) return null;
  const page = await client
    .searchContactsPage(
      {
        query: { field: "created_at", operator: ">", value: 0 },
        sort: { field: "created_at", order: "ascending" },
        perPage: 1,
      },
      null,
    )
    .catch(() => null);
  return page?.items[0]?.created_at ?? null;
}

/** One call: the oldest conversation's created_at, for the same reason. */
export async function oldestConversationCreatedAt(
  client: IntercomClient | null,
): Promise<number | null> {
  if (!client) return null;
  const page = await client
    .searchConversationsPage(
      {
        query: { field: "created_at", operator: ">", value: 0 },
        sort: { field: "created_at", order: "ascending" },
        perPage: 1,
      },
      null,
    )
    .catch(() => null);
  return page?.items[0]?.created_at ?? null;
}
