import type { RouteContext } from "./http-kit.ts";
import type { ConversationRecord, PartRecord } from "./model.ts";
import { pick } from "./prng.ts";
import { conversationDeletedItem, webhookConversation } from "./webhook-items.ts";

const BODIES = [
  "Any update on this?",
  "Thanks, that works now.",
  "We are still seeing the error.",
  "I want to cancel my subscription.",
];

function addPart(
  ctx: RouteContext,
  c: ConversationRecord,
  part: Omit<PartRecord, "id" | "createdAt">,
) {
  c.updatedAt = Math.max(ctx.now(), c.updatedAt + 1);
  c.extraParts.push({ id: `${c.id}x${c.extraParts.length}`, createdAt: c.updatedAt, ...part });
}

/**
 * The conversation changes of a workspace's life: new conversations, replies from both sides,
 * state changes (each a part, as in Intercom), ratings, tags and deletions; each bumps
 * `updated_at` and emits Intercom's topic. Null when the kind is not one of these.
 */
export function mutateConversations(
  ctx: RouteContext,
  kind: string,
  count: number,
  random: () => number,
): { changed: string[] } | null {
  const ws = ctx.ws;
  const some = (filter: (c: ConversationRecord) => boolean = () => true) => {
    const pool = ws.conversationOrder.flatMap((id) => {
      const c = ws.conversations.get(id);
      return c && filter(c) ? [c] : [];
    });
    const chosen = new Map<string, ConversationRecord>();
    for (let i = 0; i < count * 3 && chosen.size < Math.min(count, pool.length); i++) {
      const c = pick(random, pool);
      chosen.set(c.id, c);
    }
    return [...chosen.values()];
  };
  const admin = () => pick(random, ws.admins).id;
  const emit = (topic: string, c: ConversationRecord) =>
    ctx.emit(topic, webhookConversation(ws, c));
  const changed: string[] = [];
  switch (kind) {
    case "conversations.create": {
      const contacts = ws.contactOrder.filter((id) => !ws.contacts.get(id)?.mergedInto);
      for (let i = 0; i < count && contacts.length > 0; i++) {
        const now = ctx.now();
        const contactId = pick(random, contacts);
        const c: ConversationRecord = {
          id: String(300_000_000 + ws.nextId++),
          createdAt: now,
          updatedAt: now,
          seededUntil: now,
          state: "open",
          read: false,
          priority: "not_priority",
          title: random() < 0.3 ? "New question" : null,
          adminAssigneeId: random() < 0.5 ? admin() : null,
          teamAssigneeId: random() < 0.5 ? "9000" : null,
          contactId,
          partsCount: 1 + Math.floor(random() * 4),
          rating: null,
          tagIds: [],
          extraParts: [],
        };
        ws.conversations.set(c.id, c);
        ws.conversationOrder.push(c.id);
        changed.push(c.id);
        emit("conversation.user.created", c);
      }
      return { changed };
    }
    case "conversations.reply": {
      for (const c of some()) {
        const fromAdmin = random() < 0.5;
        addPart(ctx, c, {
          partType: "comment",
          body: pick(random, BODIES),
          authorType: fromAdmin ? "admin" : "user",
          authorId: fromAdmin ? (c.adminAssigneeId ?? admin()) : c.contactId,
        });
        if (!fromAdmin && c.state !== "open") c.state = "open";
        changed.push(c.id);
        emit(fromAdmin ? "conversation.admin.replied" : "conversation.user.replied", c);
      }
      return { changed };
    }
    case "conversations.state": {
      for (const c of some()) {
        const next = pick(
          random,
          (["open", "closed", "snoozed"] as const).filter((s) => s !== c.state),
        );
        c.state = next;
        const partType = next === "closed" ? "close" : next === "open" ? "open" : "snoozed";
        addPart(ctx, c, { partType, body: null, authorType: "admin", authorId: admin() });
        changed.push(c.id);
        const topic = next === "closed" ? "closed" : next === "open" ? "opened" : "snoozed";
        emit(`conversation.admin.${topic}`, c);
      }
      return { changed };
    }
    case "conversations.rate": {
      for (const c of some((x) => x.state === "closed")) {
        c.updatedAt = Math.max(ctx.now(), c.updatedAt + 1);
        const remark = random() < 0.5 ? "Quick and helpful" : null;
        c.rating = { rating: 1 + Math.floor(random() * 5), remark, createdAt: c.updatedAt };
        changed.push(c.id);
        emit("conversation.rating.added", c);
      }
      return { changed };
    }
    case "conversations.tag": {
      const tagIds = [...ws.tags.keys()];
      for (const c of some()) {
        const tagId = pick(random, tagIds);
        const added = !c.tagIds.includes(tagId);
        c.tagIds = added ? [...c.tagIds, tagId] : c.tagIds.filter((id) => id !== tagId);
        c.updatedAt = Math.max(ctx.now(), c.updatedAt + 1);
        changed.push(c.id);
        // Intercom tells a tag added (the whole conversation, with `tags_added`), not one
        // removed: only a sync brings that.
        const tag = ws.tags.get(tagId);
        if (added && tag)
          ctx.emit("conversation_part.tag.created", {
            ...webhookConversation(ws, c),
            tags_added: { type: "tag.list", tags: [{ type: "tag", id: tag.id, name: tag.name }] },
          });
      }
      return { changed };
    }
    case "conversations.delete": {
      const gone = new Set(some().map((c) => c.id));
      ws.conversationOrder = ws.conversationOrder.filter((id) => !gone.has(id));
      for (const id of gone) {
        ws.conversations.delete(id);
        ws.deletedConversations.push({ id, deletedAt: ctx.now() });
        changed.push(id);
        ctx.emit("conversation.deleted", conversationDeletedItem(id));
      }
      return { changed };
    }
    default:
      return null;
  }
}
