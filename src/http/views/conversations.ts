import type { ConversationPart, ConversationRead } from "../../conversations/read.ts";

export const conversationPartView = (part: ConversationPart) => ({
  id: part.id,
  part_type: part.partType,
  author_type: part.authorType,
  author_id: part.authorId,
  body: part.body,
  created_at: part.createdAt,
  redacted: part.redacted,
});

/** `GET /v1/conversations/{id}`: the stored conversation with one page of its parts. */
export function conversationView(
  read: ConversationRead,
  parts: {
    data: ReadonlyArray<ReturnType<typeof conversationPartView>>;
    next_cursor: string | null;
  },
) {
  const c = read.conversation;
  return {
    id: c.id,
    workspace_id: c.workspaceId,
    state: c.state,
    open: c.open,
    read: c.read,
    priority: c.priority,
    title: c.title,
    created_at: c.intercomCreatedAt,
    updated_at: c.intercomUpdatedAt,
    waiting_since: c.waitingSince,
    snoozed_until: c.snoozedUntil,
    last_closed_at: c.lastClosedAt,
    source: {
      type: c.sourceType,
      author_type: c.authorType,
      author_id: c.authorId,
      body: c.sourceBody,
    },
    contacts: read.contacts.map((k) => ({
      id: k.id,
      external_id: k.externalId,
      email: k.email,
      name: k.name,
    })),
    tags: read.tags,
    admin_assignee_id: c.adminAssigneeId,
    team_assignee_id: c.teamAssigneeId,
    statistics: {
      first_response_seconds: c.firstResponseSeconds,
      time_to_close_seconds: c.timeToCloseSeconds,
      reopens: c.reopens,
      rating: c.rating,
      rating_remark: c.ratingRemark,
      rated_at: c.ratedAt,
    },
    parts_count: read.partsCount,
    parts_total: c.partsTotal,
    parts_truncated: c.partsTruncated ?? false,
    parts: { data: [...parts.data], next_cursor: parts.next_cursor },
    written_at: c.writtenAt,
    written_from: c.writtenFrom,
  };
}
