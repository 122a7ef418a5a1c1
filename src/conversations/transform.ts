import type { WriteSource } from "../db/schema/index.ts";
import type { IntercomConversation } from "../intercom/schemas/conversation.ts";
import type { IntercomConversationPart } from "../intercom/schemas/responses.ts";
import { fromUnixSeconds } from "../shared/clock.ts";
import { plainText } from "../shared/plain-text.ts";
import type { ConversationPartRow, ConversationRow } from "./write.ts";

/** Cancel intent in a text: built once from CANCEL_KEYWORDS by whoever writes (never a default). */
export type TextMatcher = (text: string | null | undefined) => boolean;

// Real answers say null for an unassigned conversation; 2.16's OpenAPI file says 0.
const assignee = (id: string | null | undefined) => (id && id !== "0" ? id : null);

/**
 * One stored vocabulary for priority: Intercom's real answers (2.9 to 2.15, every capture we
 * have) say `priority` or `not_priority`. 2.16's OpenAPI file describes levels instead
 * (`none`, `low`, …, `urgent`): `none` is `not_priority`, any level is `priority`. Anything
 * else is kept as sent rather than guessed.
 */
function storedPriority(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (value === "priority" || value === "not_priority") return value;
  if (value === "none") return "not_priority";
  if (["low", "medium", "high", "urgent"].includes(value)) return "priority";
  return value;
}
const wholeSeconds = (value: number | null | undefined) =>
  typeof value === "number" && Number.isFinite(value) ? Math.round(value) : null;

export function toConversationRow(
  workspaceId: string,
  conversation: IntercomConversation,
  written: { at: Date; from: WriteSource },
  mentionsCancel: TextMatcher,
): ConversationRow {
  const stats = conversation.statistics;
  const rating = conversation.conversation_rating;
  const sourceBody = plainText(conversation.source?.body);
  return {
    workspaceId,
    id: conversation.id,
    state: conversation.state ?? null,
    open: conversation.open ?? null,
    read: conversation.read ?? null,
    priority: storedPriority(conversation.priority),
    title: conversation.title ?? null,
    sourceType: conversation.source?.type ?? null,
    authorType: conversation.source?.author?.type ?? null,
    authorId: conversation.source?.author?.id ?? null,
    sourceBody,
    openingMentionsCancel: sourceBody === null ? null : mentionsCancel(sourceBody),
    contactIds: (conversation.contacts?.contacts ?? []).map((contact) => contact.id),
    tagIds: (conversation.tags?.tags ?? []).map((tag) => tag.id),
    adminAssigneeId: assignee(conversation.admin_assignee_id),
    teamAssigneeId: assignee(conversation.team_assignee_id),
    intercomCreatedAt: fromUnixSeconds(conversation.created_at),
    intercomUpdatedAt: fromUnixSeconds(conversation.updated_at),
    waitingSince: fromUnixSeconds(conversation.waiting_since),
    snoozedUntil: fromUnixSeconds(conversation.snoozed_until),
    statistics: stats ?? null,
    firstResponseSeconds: wholeSeconds(stats?.time_to_admin_reply),
    timeToCloseSeconds: wholeSeconds(stats?.time_to_last_close),
    lastClosedAt: fromUnixSeconds(stats?.last_close_at),
    reopens: wholeSeconds(stats?.count_reopens),
    rating: typeof rating?.rating === "number" ? rating.rating : null,
    ratingRemark: rating?.remark ?? null,
    ratedAt: fromUnixSeconds(rating?.created_at),
    raw: conversation,
    writtenAt: written.at,
    writtenFrom: written.from,
  };
}

export function toPartRow(
  workspaceId: string,
  conversationId: string,
  part: IntercomConversationPart,
  writtenAt: Date,
  mentionsCancel: TextMatcher,
): ConversationPartRow {
  const body = part.body ?? null;
  return {
    workspaceId,
    conversationId,
    id: part.id,
    partType: part.part_type ?? null,
    body,
    authorType: part.author?.type ?? null,
    authorId: part.author?.id ?? null,
    intercomCreatedAt: fromUnixSeconds(part.created_at),
    intercomUpdatedAt: fromUnixSeconds(part.updated_at ?? part.created_at),
    attachments: part.attachments ?? [],
    redacted: part.redacted ?? false,
    mentionsCancel: body === null ? false : mentionsCancel(body),
    writtenAt,
  };
}

/** The distinct contacts of some conversations: whose support metrics a write changes. */
export function contactIdsOf(rows: readonly Pick<ConversationRow, "contactIds">[]): string[] {
  return [...new Set(rows.flatMap((r) => r.contactIds ?? []))];
}
