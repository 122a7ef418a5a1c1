import { VERSION_SETTING } from "./apply/version1.ts";

/** What a topic does to our data. */
export type TopicAction =
  | "contact.upsert"
  | "contact.archive"
  | "contact.unarchive"
  | "contact.delete"
  | "contact.merge"
  | "contact.tag"
  | "contact.untag"
  | "conversation.upsert"
  | "conversation.delete"
  | "company.upsert"
  | "company.delete"
  | "company.attach"
  | "company.detach"
  | "ignore";

const APPLIED: Record<string, Exclude<TopicAction, "ignore">> = {
  "contact.user.created": "contact.upsert",
  "contact.user.updated": "contact.upsert",
  "contact.lead.created": "contact.upsert",
  "contact.lead.updated": "contact.upsert",
  "contact.lead.signed_up": "contact.upsert",
  "contact.email.updated": "contact.upsert",
  "contact.archived": "contact.archive",
  // Intercom's documentation names it `contact.unarchive`; deliveries say `contact.unarchived`.
  "contact.unarchive": "contact.unarchive",
  "contact.unarchived": "contact.unarchive",
  "contact.deleted": "contact.delete",
  "contact.merged": "contact.merge",
  "contact.user.tag.created": "contact.tag",
  "contact.lead.tag.created": "contact.tag",
  "contact.user.tag.deleted": "contact.untag",
  "contact.lead.tag.deleted": "contact.untag",
  "conversation.user.created": "conversation.upsert",
  "conversation.user.replied": "conversation.upsert",
  "conversation.admin.replied": "conversation.upsert",
  "conversation.admin.single.created": "conversation.upsert",
  "conversation.admin.closed": "conversation.upsert",
  "conversation.admin.opened": "conversation.upsert",
  "conversation.admin.snoozed": "conversation.upsert",
  "conversation.admin.unsnoozed": "conversation.upsert",
  "conversation.admin.assigned": "conversation.upsert",
  "conversation.admin.open.assigned": "conversation.upsert",
  "conversation.admin.noted": "conversation.upsert",
  "conversation.operator.replied": "conversation.upsert",
  "conversation.read": "conversation.upsert",
  "conversation.rating.added": "conversation.upsert",
  // Not a `conversation.` topic, yet it carries the whole conversation (with `tags_added`).
  "conversation_part.tag.created": "conversation.upsert",
  "conversation_part.redacted": "conversation.upsert",
  "conversation.deleted": "conversation.delete",
  "company.created": "company.upsert",
  "company.updated": "company.upsert",
  "company.deleted": "company.delete",
  "company.contact.attached": "company.attach",
  "company.contact.detached": "company.detach",
  // Version 1.x topic names, still delivered to apps whose webhooks are set to 1.x.
  "user.created": "contact.upsert",
  "user.updated": "contact.upsert",
  "user.email.updated": "contact.upsert",
  "user.deleted": "contact.delete",
  "user.tag.created": "contact.tag",
  "user.tag.deleted": "contact.untag",
};

/** Topics stored and marked `ignored` on purpose, each with the reason stored beside it. */
const IGNORED: Record<string, string> = {
  ping: "a ping carries no data",
  "contact.subscribed":
    "subscription types are not stored; the item is a partial contact that would blank fields",
  "contact.unsubscribed":
    "subscription types are not stored; the item is a partial contact that would blank fields",
  "conversation.contact.attached":
    "the item is Intercom's internal model, not a conversation; the conversation's next notification or sync brings its contacts",
  "conversation.contact.detached":
    "the item is Intercom's internal model, not a conversation; the conversation's next notification or sync brings its contacts",
  "event.created": "data events come from the product itself; they are not stored",
  "visitor.signed_up": "visitors are not stored; the lead they become is",
};

export function actionFor(topic: string): TopicAction {
  const applied = APPLIED[topic];
  if (applied) return applied;
  if (topic in IGNORED) return "ignore";
  // New contact and conversation topics appear now and then; their items are the usual
  // contact or conversation, checked by shape before anything is written.
  if (topic.startsWith("conversation.")) return "conversation.upsert";
  if (topic.startsWith("contact.")) return "contact.upsert";
  return "ignore";
}

/** Why a topic's deliveries are ignored, for the stored row. */
export function ignoredReason(topic: string): string {
  const reason = IGNORED[topic];
  if (reason) return reason;
  if (/^(user|lead|visitor)\./.test(topic))
    return `version 1.x topic ${topic} is not applied: ${VERSION_SETTING}`;
  return `topic ${topic} is not applied`;
}

/** Every topic the service applies, for the sender script and documentation. */
export const HANDLED_TOPICS: readonly string[] = Object.keys(APPLIED);
