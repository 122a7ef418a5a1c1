import { z } from "zod";
import type { ContactTagRow, TagRow } from "../../contacts/tags-write.ts";
import type { ContactTombstone } from "../../contacts/tombstone.ts";
import { toContactRow } from "../../contacts/transform.ts";
import type { ContactArchiveChange, ContactMerge, ContactRow } from "../../contacts/write.ts";
import type { ConversationTombstone } from "../../conversations/tombstone.ts";
import { type TextMatcher, toConversationRow } from "../../conversations/transform.ts";
import type { ConversationRow } from "../../conversations/write.ts";
import type { ErasureRequest } from "../../erasure/erase.ts";
import { isErasedMarker } from "../../erasure/marker.ts";
import type { DeliveryMention } from "../../erasure/scrub.ts";
import { intercomId, reference } from "../../intercom/schemas/common.ts";
import {
  contactReferenceSchema,
  contactSchema,
  contactTagSchema,
} from "../../intercom/schemas/contact.ts";
import { conversationSchema } from "../../intercom/schemas/conversation.ts";
import { fromUnixSeconds } from "../../shared/clock.ts";
import type { Delivery } from "../envelope.ts";
import { actionFor, ignoredReason } from "../topics.ts";
import { type CompanyWrites, emptyCompanyWrites, planCompanyTopic } from "./companies.ts";
import { mentionedContactIds } from "./mentions.ts";
import {
  contactFromUser,
  contactTagFromUserTag,
  conversationFromVersion1,
  isVersion1Conversation,
  VERSION_SETTING,
} from "./version1.ts";

export interface WritePlan extends CompanyWrites {
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
  /** Stored on purpose without changing our data; `reason` says why, for the operator. */
  | { status: "ignored"; reason: string }
  /** The item lacks what the service needs: retrying will not help. One line, no values. */
  | { status: "rejected"; error: string };

export interface Plan {
  writes: WritePlan;
  outcomes: Map<string, DeliveryOutcome>;
}

function emptyWritePlan(): WritePlan {
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
    ...emptyCompanyWrites(),
  };
}

const mergedFromSchema = z.union([z.string(), reference]).nullish();
// Real `conversation.deleted` items carry `conversation_id` and no `id`; older ones an `id`.
const conversationDeletedSchema = z
  .union([
    z.string(),
    z.looseObject({ conversation_id: intercomId.nullish(), id: intercomId.nullish() }),
  ])
  .transform((ref, ctx) => {
    const id = typeof ref === "string" ? ref : (ref.conversation_id ?? ref.id);
    if (id) return id;
    ctx.addIssue({ code: "custom", message: "missing", path: ["conversation_id"] });
    return z.NEVER;
  });

/** Thrown by a topic's rules for an item that is well formed but not for us. */
class Ignored extends Error {}

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
      outcomes.set(delivery.deliveryKey, {
        status: "ignored",
        reason: "erased before it was applied",
      });
      continue;
    }
    writes.mentions.push({
      workspaceId: delivery.workspaceId,
      deliveryKey: delivery.deliveryKey,
      contactIds: mentionedContactIds(delivery.payload.data.item),
    });
    try {
      const applied = planOne(delivery, writes, now, mentionsCancel);
      outcomes.set(
        delivery.deliveryKey,
        applied
          ? { status: "applied" }
          : { status: "ignored", reason: ignoredReason(delivery.topic) },
      );
    } catch (error) {
      if (error instanceof Ignored) {
        outcomes.set(delivery.deliveryKey, { status: "ignored", reason: error.message });
        continue;
      }
      const reason =
        error instanceof z.ZodError
          ? unusableFieldReason(delivery.topic, delivery.payload.data.item, error)
          : `${delivery.topic}: ${error instanceof Error ? error.name : "error"} while planning`;
      outcomes.set(delivery.deliveryKey, { status: "rejected", error: reason });
    }
  }
  return { writes, outcomes };
}

/**
 * Adds the delivery's rows to `writes`; false when the topic changes nothing. Every item is
 * parsed whole before anything is added, so a rejected delivery leaves no rows behind.
 */
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
  // When the event happened: the version for changes that carry no `updated_at` (archive,
  // delete, tag links), and never later than the change it stands for.
  const eventAt = delivery.intercomCreatedAt
    ? new Date(delivery.intercomCreatedAt)
    : new Date(delivery.receivedAt);
  const action = actionFor(delivery.topic);
  switch (action) {
    case "contact.upsert": {
      const contact = contactSchema.parse(contactItem(delivery.topic, item));
      writes.contacts.push(toContactRow(ws, contact, written));
      return true;
    }
    case "contact.archive":
    case "contact.unarchive": {
      // `contact.archived` carries only ids; `contact.unarchived` the whole contact.
      const full = contactSchema.safeParse(contactFromUser(item));
      const ref = contactReferenceSchema.parse(item);
      if (full.success) writes.contacts.push(toContactRow(ws, full.data, written));
      writes.contactArchiveChanges.push({
        workspaceId: ws,
        id: ref.id,
        archived: action === "contact.archive",
        changedAt: eventAt,
        ...stamp,
      });
      return true;
    }
    case "contact.delete": {
      const ref = contactReferenceSchema.parse(item);
      const legacyUserId = (item as { user_id?: unknown }).user_id;
      const externalId =
        ref.external_id ?? (typeof legacyUserId === "string" ? legacyUserId : null);
      const email = (item as { email?: unknown }).email;
      writes.contactTombstones.push({ workspaceId: ws, id: ref.id, deletedAt: eventAt, ...stamp });
      writes.erasures.push({
        workspaceId: ws,
        requestedBy: "intercom_webhook",
        reference: delivery.deliveryKey,
        requestedAt: eventAt,
        contactIds: [ref.id],
        userIds: externalId ? [externalId] : [],
        emails: typeof email === "string" && email !== "" ? [email] : [],
        intercomStatus: "deleted",
      });
      return true;
    }
    case "contact.merge": {
      // Real `contact.merged` items are the survivor alone: they do not name the contact
      // merged into it. That one is found by the next full contact run, whose finish asks
      // Intercom about every contact it did not see (src/sync/contacts/gone.ts).
      const survivor = contactSchema.parse(contactItem(delivery.topic, item));
      const mergedFrom = mergedFromSchema.parse(survivor.merged_from);
      writes.contacts.push(toContactRow(ws, survivor, written));
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
      const link = contactTagSchema.parse(contactTagFromUserTag(item));
      // The link carries the whole contact: the tag may be the first we hear of it. Its
      // `tags` list is not read here, so the link below alone decides the tag's state.
      const full = contactSchema.safeParse(link.contact);
      if (full.success) writes.contacts.push(toContactRow(ws, full.data, written));
      writes.tags.push({ workspaceId: ws, id: link.tag.id, name: link.tag.name, writtenAt: now });
      writes.contactTags.push({
        workspaceId: ws,
        contactId: link.contact.id,
        tagId: link.tag.id,
        tagged: action === "contact.tag",
        changedAt: delivery.intercomCreatedAt
          ? eventAt
          : (fromUnixSeconds(link.created_at) ?? eventAt),
        writtenAt: now,
      });
      return true;
    }
    case "conversation.upsert": {
      const conversation = conversationSchema.parse(conversationItem(delivery.topic, item));
      writes.conversations.push(toConversationRow(ws, conversation, written, mentionsCancel));
      return true;
    }
    case "conversation.delete": {
      const id = conversationDeletedSchema.parse(item);
      writes.conversationTombstones.push({ workspaceId: ws, id, deletedAt: eventAt, ...stamp });
      return true;
    }
    case "company.upsert":
    case "company.delete":
    case "company.attach":
    case "company.detach":
      planCompanyTopic(action, ws, item, writes, now, eventAt);
      return true;
    case "ignore":
      return false;
  }
}

/** A contact topic's item as a 2.x contact, or Ignored when it is something else. */
function contactItem(topic: string, item: unknown): unknown {
  const contact = contactFromUser(item);
  const type = (contact as { type?: unknown } | null)?.type;
  if (type !== undefined && type !== "contact")
    throw new Ignored(`${topic}: the item is a ${String(type)}, not a contact`);
  return contact;
}

/** A conversation topic's item as a 2.x conversation, or Ignored when it is none. */
function conversationItem(topic: string, item: unknown): unknown {
  if (isVersion1Conversation(item)) {
    const mapped = conversationFromVersion1(item);
    if (!mapped)
      throw new Ignored(`${topic}: a version 1.x conversation naming no user: ${VERSION_SETTING}`);
    return mapped;
  }
  const type = (item as { type?: unknown } | null)?.type;
  if (type !== "conversation")
    throw new Ignored(
      `${topic}: the item is ${type === undefined ? "untyped" : `a ${String(type)}`}, not a conversation`,
    );
  return item;
}

/**
 * One line naming the first field the service needs that is missing or unusable, and the
 * topic: never the value (it may be personal) nor a schema dump.
 */
function unusableFieldReason(topic: string, item: unknown, error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join(".") || "item";
  let value: unknown = item;
  for (const key of issue?.path ?? []) {
    value =
      typeof value === "object" && value !== null
        ? (value as Record<PropertyKey, unknown>)[key as PropertyKey]
        : undefined;
  }
  const what = value === undefined || value === null ? "is missing" : "is unusable";
  return `${topic}: ${path} ${what}`;
}
