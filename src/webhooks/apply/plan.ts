import { z } from "zod";
import type { ContactTagRow, TagRow } from "../../contacts/tags-write.ts";
import type { ContactTombstone } from "../../contacts/tombstone.ts";
import { toContactRow } from "../../contacts/transform.ts";
import type { ContactArchiveChange, ContactMerge, ContactRow } from "../../contacts/write.ts";
import { type TextMatcher, toConversationRow } from "../../conversations/transform.ts";
import type { ConversationRow, ConversationTombstone } from "../../conversations/write.ts";
import type { ErasureRequest } from "../../erasure/erase.ts";
import { isErasedMarker } from "../../erasure/marker.ts";
import type { DeliveryMention } from "../../erasure/scrub.ts";
import { reference } from "../../intercom/schemas/common.ts";
import {
  contactReferenceSchema,
  contactSchema,
  contactTagSchema,
} from "../../intercom/schemas/contact.ts";
import { conversationSchema } from "../../intercom/schemas/conversation.ts";
import { fromUnixSeconds } from "../../shared/clock.ts";
import type { Delivery } from "../envelope.ts";
import { actionFor } from "../topics.ts";
import { mentionedContactIds } from "./mentions.ts";

export interface WritePlan {
  contacts: ContactRow[];
  contactTombstones: ContactTombstone[];
  contactMerges: ContactMerge[];
  contactArchiveChanges: ContactArchiveChange[];
  tags: TagRow[];
  contactTags: ContactTagRow[];
  conversations: ConversationRow[];
  conversationTombstones: ConversationTombstone[];
  /** `contact.deleted`: the person is erased (src/erasure/), before the tombstones are written. */
  erasures: ErasureRequest[];
  /** Whom each delivery is about: its stored payload is scrubbed if they are erased. */
  mentions: DeliveryMention[];
}

export type DeliveryOutcome =
  | { status: "applied" }
  | { status: "ignored" }
  /** The item can never be applied (wrong shape): retrying will not help. */
  | { status: "rejected"; error: string };

export interface Plan {
  writes: WritePlan;
  outcomes: Map<string, DeliveryOutcome>;
}

export function emptyWritePlan(): WritePlan {
  return {
    contacts: [],
    contactTombstones: [],
    contactMerges: [],
    contactArchiveChanges: [],
    tags: [],
    contactTags: [],
    conversations: [],
    conversationTombstones: [],
    erasures: [],
    mentions: [],
  };
}

const mergedFromSchema = z.union([z.string(), reference]).nullish();

/**
 * Turns deliveries into the rows to write, without touching the database. Pure, so each
 * topic's handling is tested on real payload shapes.
 */
export function planDeliveries(
  deliveries: readonly Delivery[],
  now: Date,
  mentionsCancel: TextMatcher,
): Plan {
  const writes = emptyWritePlan();
  const outcomes = new Map<string, DeliveryOutcome>();
  for (const delivery of deliveries) {
    // Scrubbed by an erasure before it was applied: there is nothing left to apply.
    if (isErasedMarker(delivery.payload)) {
      outcomes.set(delivery.deliveryKey, { status: "ignored" });
      continue;
    }
    try {
      const applied = planOne(delivery, writes, now, mentionsCancel);
      writes.mentions.push({
        workspaceId: delivery.workspaceId,
        deliveryKey: delivery.deliveryKey,
        contactIds: mentionedContactIds(delivery.payload.data.item),
      });
      outcomes.set(delivery.deliveryKey, { status: applied ? "applied" : "ignored" });
    } catch (error) {
      const message =
        error instanceof z.ZodError
          ? `item does not match the ${delivery.topic} payload: ${z.prettifyError(error)}`
          : String(error);
      outcomes.set(delivery.deliveryKey, { status: "rejected", error: message });
    }
  }
  return { writes, outcomes };
}

/** Adds the delivery's rows to `writes`; false when the topic changes nothing. */
function planOne(
  delivery: Delivery,
  writes: WritePlan,
  now: Date,
  mentionsCancel: TextMatcher,
): boolean {
  const ws = delivery.workspaceId;
  const item = delivery.payload.data.item;
  const written = { at: now, from: "webhook" as const };
  const stamp = { writtenAt: now, writtenFrom: "webhook" as const };
  // When the event happened: the version for changes that carry no `updated_at`.
  const eventAt = delivery.intercomCreatedAt
    ? new Date(delivery.intercomCreatedAt)
    : new Date(delivery.receivedAt);
  switch (actionFor(delivery.topic)) {
    case "contact.upsert":
      writes.contacts.push(toContactRow(ws, contactSchema.parse(item), written));
      return true;
    case "contact.archive":
    case "contact.unarchive": {
      const archived = actionFor(delivery.topic) === "contact.archive";
      const parsed = contactSchema.safeParse(item);
      if (parsed.success) writes.contacts.push(toContactRow(ws, parsed.data, written));
      const ref = contactReferenceSchema.parse(item);
      writes.contactArchiveChanges.push({
        workspaceId: ws,
        id: ref.id,
        archived,
        changedAt: eventAt,
        ...stamp,
      });
      return true;
    }
    case "contact.delete": {
      const ref = contactReferenceSchema.parse(item);
      writes.contactTombstones.push({ workspaceId: ws, id: ref.id, deletedAt: eventAt, ...stamp });
      const email = (item as { email?: unknown }).email;
      writes.erasures.push({
        workspaceId: ws,
        requestedBy: "intercom_webhook",
        reference: delivery.deliveryKey,
        requestedAt: eventAt,
        contactIds: [ref.id],
        userIds: ref.external_id ? [ref.external_id] : [],
        emails: typeof email === "string" ? [email] : [],
        intercomStatus: "deleted",
      });
      return true;
    }
    case "contact.merge": {
      const survivor = contactSchema.parse(item);
      writes.contacts.push(toContactRow(ws, survivor, written));
      const mergedFrom = mergedFromSchema.parse(survivor.merged_from);
      const mergedIds = [
        ...(mergedFrom ? [typeof mergedFrom === "string" ? mergedFrom : mergedFrom.id] : []),
        ...(survivor.merge_history ?? []).map((entry) => entry.id),
      ];
      for (const id of new Set(mergedIds)) {
        if (id !== survivor.id)
          writes.contactMerges.push({ workspaceId: ws, id, mergedIntoId: survivor.id, ...stamp });
      }
      return true;
    }
    case "contact.tag":
    case "contact.untag": {
      const link = contactTagSchema.parse(item);
      writes.tags.push({ workspaceId: ws, id: link.tag.id, name: link.tag.name, writtenAt: now });
      writes.contactTags.push({
        workspaceId: ws,
        contactId: link.contact.id,
        tagId: link.tag.id,
        tagged: actionFor(delivery.topic) === "contact.tag",
        changedAt: delivery.intercomCreatedAt
          ? eventAt
          : (fromUnixSeconds(link.created_at) ?? eventAt),
        writtenAt: now,
      });
      return true;
    }
    case "conversation.upsert":
      writes.conversations.push(
        toConversationRow(ws, conversationSchema.parse(item), written, mentionsCancel),
      );
      return true;
    case "conversation.delete": {
      const ref = z.union([reference, z.string()]).parse(item);
      const id = typeof ref === "string" ? ref : ref.id;
      writes.conversationTombstones.push({ workspaceId: ws, id, deletedAt: eventAt, ...stamp });
      return true;
    }
    case "ignore":
      return false;
  }
}
