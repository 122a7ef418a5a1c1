/** What a topic does to our data. Unlisted topics are stored and marked `ignored`. */
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
  | "ignore";

const EXACT: Record<string, TopicAction> = {
  "contact.user.created": "contact.upsert",
  "contact.user.updated": "contact.upsert",
  "contact.lead.created": "contact.upsert",
  "contact.lead.updated": "contact.upsert",
  "contact.lead.signed_up": "contact.upsert",
  "contact.email.updated": "contact.upsert",
  "contact.archived": "contact.archive",
  "contact.unarchive": "contact.unarchive",
  "contact.unarchived": "contact.unarchive",
  "contact.deleted": "contact.delete",
  "contact.merged": "contact.merge",
  "contact.user.tag.created": "contact.tag",
  "contact.lead.tag.created": "contact.tag",
  "contact.user.tag.deleted": "contact.untag",
  "contact.lead.tag.deleted": "contact.untag",
  "conversation.deleted": "conversation.delete",
  // Version 1 topic names, still delivered to apps subscribed before 2.0.
  "user.created": "contact.upsert",
  "user.updated": "contact.upsert",
  "user.email.updated": "contact.upsert",
  "user.deleted": "contact.delete",
  "user.tag.created": "contact.tag",
  "user.tag.deleted": "contact.untag",
};

export function actionFor(topic: string): TopicAction {
  const exact = EXACT[topic];
  if (exact) return exact;
  if (topic.startsWith("conversation.")) return "conversation.upsert";
  return "ignore";
}

/** Every topic the service applies, for the sender script and documentation. */
export const HANDLED_TOPICS: readonly string[] = [
  ...Object.keys(EXACT),
  "conversation.user.created",
  "conversation.user.replied",
  "conversation.admin.replied",
  "conversation.admin.single.created",
  "conversation.admin.closed",
  "conversation.admin.opened",
  "conversation.admin.snoozed",
  "conversation.admin.unsnoozed",
  "conversation.admin.assigned",
  "conversation.admin.noted",
  "conversation.rating.added",
];
