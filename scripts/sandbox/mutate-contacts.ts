import type { RouteContext } from "./http-kit.ts";
import type { ContactRecord } from "./model.ts";
import { pick } from "./prng.ts";
import { DEFAULT_SIZES, seedContact } from "./seed.ts";
import { indexMemberships } from "./seed-companies.ts";
import { hasDirectiveArrays, stripeAttributes, withStripe } from "./stripe.ts";
import { archivedItem, deletedItem, tagItem, webhookContact } from "./webhook-items.ts";

/**
 * The contact changes of a workspace's life, as Intercom makes them: each bumps `updated_at`
 * (tagging too: Intercom's contact `updated_at` moves when its tags do, which is what lets a
 * sync see a tag change whose webhook never came) and emits the webhook Intercom sends.
 */
const live = (ctx: RouteContext) =>
  ctx.ws.contactOrder.flatMap((id) => {
    const c = ctx.ws.contacts.get(id);
    return c && !c.mergedInto ? [c] : [];
  });

const touch = (ctx: RouteContext, c: ContactRecord) => {
  c.updatedAt = Math.max(ctx.now(), c.updatedAt + 1);
};

const updatedTopic = (c: ContactRecord) =>
  c.role === "lead" ? "contact.lead.updated" : "contact.user.updated";

/**
 * A lead merged into a user: the lead disappears, its conversations move to the user. The
 * webhook carries the survivor only: Intercom's never names the merged-away contact.
 */
export function mergeContacts(ctx: RouteContext, from: ContactRecord, into: ContactRecord) {
  from.mergedInto = into.id;
  touch(ctx, into);
  for (const conversation of ctx.ws.conversations.values()) {
    if (conversation.contactId !== from.id) continue;
    conversation.contactId = into.id;
    conversation.updatedAt = Math.max(ctx.now(), conversation.updatedAt + 1);
  }
  ctx.emit("contact.merged", webhookContact(ctx.ws, into));
}

/** Its companies lose it without a webhook of their own (chosen: none is known for this). */
export function deleteContact(ctx: RouteContext, c: ContactRecord) {
  for (const companyId of c.companyIds) ctx.ws.companyMembers.get(companyId)?.delete(c.id);
  ctx.ws.contacts.delete(c.id);
  ctx.ws.contactOrder = ctx.ws.contactOrder.filter((id) => id !== c.id);
  ctx.emit("contact.deleted", deletedItem(c));
}

export function setArchived(ctx: RouteContext, c: ContactRecord, archived: boolean) {
  c.archived = archived;
  c.archivedChangedAt = ctx.now();
  touch(ctx, c);
  // Archiving is told with a minimal item; unarchiving (that spelling) with the whole contact.
  if (archived) ctx.emit("contact.archived", archivedItem(c));
  else ctx.emit("contact.unarchived", webhookContact(ctx.ws, c));
  return { type: "contact", id: c.id, external_id: c.externalId, archived };
}

export function setTagged(ctx: RouteContext, c: ContactRecord, tagId: string, tagged: boolean) {
  const tag = ctx.ws.tags.get(tagId);
  if (!tag) return;
  c.tagIds = tagged ? [...new Set([...c.tagIds, tagId])] : c.tagIds.filter((id) => id !== tagId);
  touch(ctx, c);
  const role = c.role === "lead" ? "lead" : "user";
  ctx.emit(`contact.${role}.tag.${tagged ? "created" : "deleted"}`, tagItem(ctx.ws, c, tag));
}

/** `{kind, count}` mutations over random contacts; null when the kind is not a contact one. */
export function mutateContacts(
  ctx: RouteContext,
  kind: string,
  count: number,
  random: () => number,
): { changed: string[] } | null {
  const ws = ctx.ws;
  const some = (filter: (c: ContactRecord) => boolean = () => true) => {
    const pool = live(ctx).filter(filter);
    const chosen = new Map<string, ContactRecord>();
    for (let i = 0; i < count * 3 && chosen.size < Math.min(count, pool.length); i++) {
      const c = pick(random, pool);
      chosen.set(c.id, c);
    }
    return [...chosen.values()];
  };
  const ids = (list: ContactRecord[]) => ({ changed: list.map((c) => c.id) });
  switch (kind) {
    case "contacts.create": {
      const created: ContactRecord[] = [];
      const sizes = { ...DEFAULT_SIZES, tags: ws.tags.size };
      for (let i = 0; i < count; i++) {
        const n = 1_000_000 + ws.nextId++;
        const c = seedContact(random, n, random() < 0.8 ? "user" : "lead", ws, sizes, ctx.now());
        c.createdAt = ctx.now();
        c.updatedAt = ctx.now();
        if (c.signedUpAt !== null) c.signedUpAt = c.createdAt;
        ws.contacts.set(c.id, c);
        // Created in its company: the company counts it, without a webhook of its own.
        indexMemberships(ws, c);
        ws.contactOrder.push(c.id);
        const role = c.role === "lead" ? "lead" : "user";
        ctx.emit(`contact.${role}.created`, webhookContact(ws, c));
        created.push(c);
      }
      return ids(created);
    }
    case "contacts.billing": {
      // The Stripe app rewrites its attributes: plan, price, status and charges move MRR. A
      // workspace that also writes the directive's arrays keeps writing them.
      const list = some((c) => c.role === "user");
      for (const c of list) {
        touch(ctx, c);
        const arrays = hasDirectiveArrays(c.customAttributes);
        const stripe = stripeAttributes(random, c.id, c.updatedAt, arrays);
        c.customAttributes = withStripe(c.customAttributes, stripe);
        ctx.emit(updatedTopic(c), webhookContact(ws, c));
      }
      return ids(list);
    }
    case "contacts.rename": {
      const list = some();
      for (const c of list) {
        touch(ctx, c);
        c.name = random() < 0.1 ? null : `Renamed ${ws.nextId++}`;
        c.customAttributes = { ...c.customAttributes, touched_at: c.updatedAt };
        ctx.emit(updatedTopic(c), webhookContact(ws, c));
      }
      return ids(list);
    }
    case "contacts.email": {
      const list = some((c) => c.email !== null);
      for (const c of list) {
        touch(ctx, c);
        c.email = `changed.${ws.nextId++}@example.org`;
        ctx.emit("contact.email.updated", webhookContact(ws, c));
      }
      return ids(list);
    }
    case "contacts.delete": {
      const list = some();
      for (const c of list) deleteContact(ctx, c);
      return ids(list);
    }
    case "contacts.merge": {
      const leads = some((c) => c.role === "lead");
      const users = live(ctx).filter((c) => c.role === "user");
      for (const lead of leads) mergeContacts(ctx, lead, pick(random, users));
      return ids(leads);
    }
    case "contacts.archive":
    case "contacts.unarchive": {
      const archived = kind === "contacts.archive";
      // Not twice in one second: archive webhooks carry no updated_at, only the second they
      // happened in, so two changes within it have no order anyone could know (Intercom's too).
      const list = some((c) => c.archived !== archived && c.archivedChangedAt !== ctx.now());
      for (const c of list) setArchived(ctx, c, archived);
      return ids(list);
    }
    case "contacts.tag":
    case "contacts.untag": {
      const tagged = kind === "contacts.tag";
      const tagIds = [...ws.tags.keys()];
      const list = some((c) => (tagged ? c.tagIds.length < tagIds.length : c.tagIds.length > 0));
      for (const c of list) {
        const choices = tagged ? tagIds.filter((id) => !c.tagIds.includes(id)) : c.tagIds;
        setTagged(ctx, c, pick(random, choices), tagged);
      }
      return ids(list);
    }
    default:
      return null;
  }
}
