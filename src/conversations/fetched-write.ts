import type { Executor } from "../db/client.ts";
import type { IntercomConversationWithParts } from "../intercom/operations/conversations.ts";
import { fromUnixSeconds } from "../shared/clock.ts";
import { redactErasedContacts } from "./erased.ts";
import { markPartsStored, upsertParts } from "./parts-write.ts";
import { contactIdsOf, type TextMatcher, toConversationRow, toPartRow } from "./transform.ts";
import { upsertConversations } from "./write.ts";

/** Intercom's cap on the parts `GET /conversations/{id}` returns (the most recent ones). */
export const PART_CAP = 500;

interface WrittenConversations {
  parts: number;
  truncated: number;
  contactIds: string[];
}

/**
 * Writes conversations fetched with their parts: the conversation (order-safe), its parts in
 * one statement for the whole batch, then `parts_stored_for`, all in the caller's transaction
 * so the marker is never ahead of the parts it stands for.
 */
export async function writeFetchedConversations(
  tx: Executor,
  workspaceId: string,
  fetched: readonly IntercomConversationWithParts[],
  now: Date,
  mentionsCancel: TextMatcher,
): Promise<WrittenConversations> {
  const written = { at: now, from: "sync" as const };
  const rows = fetched.map((c) => toConversationRow(workspaceId, c, written, mentionsCancel));
  const parts = fetched.flatMap((c) =>
    (c.conversation_parts?.conversation_parts ?? []).map((p) =>
      toPartRow(workspaceId, c.id, p, now, mentionsCancel),
    ),
  );
  await upsertConversations(tx, rows, { redactErased: false });
  await upsertParts(tx, parts);
  // After the parts: a fetch of a conversation an erased person took part in stores their
  // parts again, blanked here in the same transaction.
  await redactErasedContacts(
    tx,
    workspaceId,
    { conversationIds: rows.map((r) => r.id) },
    {
      writtenAt: now,
      writtenFrom: "sync",
    },
  );
  const stored = fetched.map((c) => {
    const returned = c.conversation_parts?.conversation_parts.length ?? 0;
    // `conversation_parts.total_count` counts the parts Intercom has; real answers set it to
    // the parts returned. `statistics.count_conversation_parts` counts the opening message
    // too (parts + 1), so it says nothing about truncation.
    const total = Math.max(returned, c.conversation_parts?.total_count ?? 0);
    return {
      id: c.id,
      updatedAt: fromUnixSeconds(c.updated_at) ?? now,
      truncated: total > returned || returned >= PART_CAP,
      total,
    };
  });
  await markPartsStored(tx, workspaceId, stored);
  return {
    parts: parts.length,
    truncated: stored.filter((s) => s.truncated).length,
    contactIds: contactIdsOf(rows),
  };
}
