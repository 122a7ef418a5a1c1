import { mutateDataAttributes } from "./data-attribute-changes.ts";
import type { RouteContext } from "./http-kit.ts";
import type { ConversationRecord } from "./model.ts";
import { mutateCompanies } from "./mutate-companies.ts";
import { deleteContact, mutateContacts } from "./mutate-contacts.ts";
import { mutateConversations } from "./mutate-conversations.ts";
import { conversationDeletedItem, webhookContact, webhookConversation } from "./webhook-items.ts";

/**
 * Changes data as if people used Intercom: the sandbox's way to make incremental syncs and
 * webhooks have something to do. Each change bumps `updated_at` and emits its webhook.
 */
export function mutate(ctx: RouteContext, command: Record<string, unknown>, random: () => number) {
  const ws = ctx.ws;
  const count = Math.max(1, Number(command.count ?? 1));
  const now = ctx.now();
  const pickIds = (ids: readonly string[]) =>
    Array.from(
      { length: Math.min(count, ids.length) },
      () => ids[Math.floor(random() * ids.length)] ?? "",
    );
  switch (command.kind) {
    case "contacts.update":
    case "contact.update": {
      const ids =
        command.kind === "contact.update" ? [String(command.id)] : pickIds(ws.contactOrder);
      const changed: string[] = [];
      for (const id of new Set(ids)) {
        const c = ws.contacts.get(id);
        if (!c || c.mergedInto) continue;
        const attributes = (command.attributes ?? {}) as Record<string, unknown>;
        if (typeof attributes.name === "string") c.name = attributes.name;
        c.customAttributes = {
          ...c.customAttributes,
          ...((attributes.custom_attributes as object) ?? { touched_at: now }),
        };
        c.updatedAt =
          typeof command.updated_at === "number"
            ? command.updated_at
            : Math.max(now, c.updatedAt + 1);
        changed.push(c.id);
        ctx.emit(
          c.role === "lead" ? "contact.lead.updated" : "contact.user.updated",
          webhookContact(ws, c),
        );
      }
      return { changed };
    }
    case "contact.delete": {
      const c = ws.contacts.get(String(command.id));
      if (!c) return { changed: [] };
      deleteContact(ctx, c);
      return { changed: [c.id] };
    }
    case "conversation.create":
      return createConversation(ctx, command);
    case "conversation.delete": {
      const c = ws.conversations.get(String(command.id));
      if (!c) return { changed: [] };
      ws.conversations.delete(c.id);
      ws.conversationOrder = ws.conversationOrder.filter((id) => id !== c.id);
      ws.deletedConversations.push({ id: c.id, deletedAt: now });
      ctx.emit("conversation.deleted", conversationDeletedItem(c.id));
      return { changed: [c.id] };
    }
    case "conversation.move": {
      // What a merge does to the merged contact's conversations, for one conversation.
      const c = ws.conversations.get(String(command.id));
      if (!c) return { changed: [] };
      c.contactId = String(command.contact_id);
      c.updatedAt = Math.max(now, c.updatedAt + 1);
      return { changed: [c.id] };
    }
    case "conversation.update":
    case "conversations.update": {
      const changed: string[] = [];
      const ids =
        command.kind === "conversation.update"
          ? [String(command.id)]
          : pickIds(ws.conversationOrder);
      for (const id of new Set(ids)) {
        const c = ws.conversations.get(id);
        if (!c) continue;
        c.updatedAt =
          typeof command.updated_at === "number"
            ? command.updated_at
            : Math.max(now, c.updatedAt + 1);
        c.extraParts.push({
          id: `${c.id}x${c.extraParts.length}`,
          partType: "comment",
          body: String(command.body ?? "Any update on this?"),
          createdAt: c.updatedAt,
          authorType: "user",
          authorId: c.contactId,
        });
        changed.push(c.id);
        ctx.emit("conversation.user.replied", webhookConversation(ws, c));
      }
      return { changed };
    }
    default:
      return (
        mutateContacts(ctx, String(command.kind), count, random) ??
        mutateConversations(ctx, String(command.kind), count, random) ??
        mutateCompanies(ctx, command, count, random) ??
        mutateDataAttributes(ctx, command) ?? {
          error: `unknown mutation ${String(command.kind)}`,
        }
      );
  }
}

/**
 * A conversation exactly as a test describes it: contact, times, state, rating, statistics and
 * parts (`{ body, author: "user" | "admin", created_at }`). Tests use it for hand-computed metrics.
 */
function createConversation(ctx: RouteContext, command: Record<string, unknown>) {
  const ws = ctx.ws;
  const now = ctx.now();
  const contactId = String(command.contact_id ?? ws.contactOrder[0] ?? "");
  const createdAt = Number(command.created_at ?? now);
  const id = String(command.id ?? 200_000_000 + ws.nextId++);
  const parts = (command.parts ?? []) as Array<{
    body: string;
    author?: string;
    created_at?: number;
  }>;
  const admin = ws.admins[0]?.id ?? "5000000";
  const rating = command.rating as { rating: number; remark?: string } | undefined;
  const record: ConversationRecord = {
    id,
    createdAt,
    updatedAt: Number(command.updated_at ?? now),
    state: (command.state as ConversationRecord["state"]) ?? "open",
    read: true,
    priority: "not_priority",
    title: (command.title as string) ?? null,
    adminAssigneeId: admin,
    teamAssigneeId: null,
    contactId,
    partsCount: 0,
    rating: rating
      ? { rating: rating.rating, remark: rating.remark ?? null, createdAt: createdAt + 60 }
      : null,
    tagIds: (command.tag_ids as string[]) ?? [],
    extraParts: parts.map((p, i) => ({
      id: `${id}p${i}`,
      partType: "comment",
      body: p.body,
      createdAt: p.created_at ?? createdAt + i + 1,
      authorType: p.author === "admin" ? "admin" : "user",
      authorId: p.author === "admin" ? admin : contactId,
    })),
    ...(command.statistics ? { statistics: command.statistics as Record<string, number> } : {}),
  };
  ws.conversations.set(id, record);
  ws.conversationOrder.push(id);
  ctx.emit("conversation.user.created", webhookConversation(ws, record));
  return { changed: [id] };
}
