import type { RouteContext } from "./http-kit.ts";
import { renderContact, renderConversation } from "./render.ts";

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
          renderContact(ws, c),
        );
      }
      return { changed };
    }
    case "contact.delete": {
      const c = ws.contacts.get(String(command.id));
      if (!c) return { changed: [] };
      ws.contacts.delete(c.id);
      ws.contactOrder = ws.contactOrder.filter((id) => id !== c.id);
      ctx.emit("contact.deleted", {
        type: "contact",
        id: c.id,
        external_id: c.externalId,
        deleted: true,
      });
      return { changed: [c.id] };
    }
    case "conversations.update": {
      const changed: string[] = [];
      for (const id of new Set(pickIds(ws.conversationOrder))) {
        const c = ws.conversations.get(id);
        if (!c) continue;
        c.updatedAt = Math.max(now, c.updatedAt + 1);
        c.extraParts.push({
          id: `${c.id}x${c.extraParts.length}`,
          partType: "comment",
          body: String(command.body ?? "Any update on this?"),
          createdAt: c.updatedAt,
          authorType: "user",
          authorId: c.contactId,
        });
        changed.push(c.id);
        ctx.emit("conversation.user.replied", renderConversation(ws, c));
      }
      return { changed };
    }
    default:
      return { error: `unknown mutation ${String(command.kind)}` };
  }
}
