import type { WriteSource } from "../db/schema/index.ts";
import type { IntercomConversation } from "../intercom/schemas/conversation.ts";
import { fromUnixSeconds } from "../shared/clock.ts";
import type { ConversationRow } from "./write.ts";

// In 2.16 an unassigned conversation has assignee id 0, not null.
const assignee = (id: string | null | undefined) => (id && id !== "0" ? id : null);

export function toConversationRow(
  workspaceId: string,
  conversation: IntercomConversation,
  written: { at: Date; from: WriteSource },
): ConversationRow {
  return {
    workspaceId,
    id: conversation.id,
    state: conversation.state ?? null,
    open: conversation.open ?? null,
    read: conversation.read ?? null,
    priority: conversation.priority ?? null,
    title: conversation.title ?? null,
    contactIds: (conversation.contacts?.contacts ?? []).map((contact) => contact.id),
    adminAssigneeId: assignee(conversation.admin_assignee_id),
    teamAssigneeId: assignee(conversation.team_assignee_id),
    intercomCreatedAt: fromUnixSeconds(conversation.created_at),
    intercomUpdatedAt: fromUnixSeconds(conversation.updated_at),
    raw: conversation,
    writtenAt: written.at,
    writtenFrom: written.from,
  };
}
