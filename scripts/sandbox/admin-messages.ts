import type { RouteContext } from "./http-kit.ts";
import type { ConversationRecord } from "./model.ts";
import { renderConversation } from "./render.ts";

/**
 * An admin's message (`POST /messages`) opens a conversation, as at Intercom: its source is the
 * message (admin-initiated, the admin its author), so a client that lost the answer can find
 * it again among the contact's conversations.
 */
export function openConversation(
  ctx: RouteContext,
  contactId: string,
  message: { id: string; body: string; subject: string; adminId: string },
): ConversationRecord {
  const now = ctx.now();
  const c: ConversationRecord = {
    id: String(300_000_000 + ctx.ws.nextId++),
    createdAt: now,
    updatedAt: now,
    seededUntil: now,
    state: "open",
    read: false,
    priority: "not_priority",
    title: null,
    adminAssigneeId: null,
    teamAssigneeId: null,
    contactId,
    partsCount: 0,
    rating: null,
    tagIds: [],
    extraParts: [],
    opening: message,
  };
  ctx.ws.conversations.set(c.id, c);
  ctx.ws.conversationOrder.push(c.id);
  ctx.emit("conversation.admin.single.created", renderConversation(ctx.ws, c));
  return c;
}
