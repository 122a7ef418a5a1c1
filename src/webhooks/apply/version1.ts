/**
 * Apps whose webhooks are set to API version 1.x still receive 1.x items: a `user` (its
 * external id is `user_id`, a lead is `anonymous: true`, its place is `location_data`), a
 * `user_tag` wrapping a `user` and a `tag`, and conversations with `user`, `assignee` and
 * `conversation_message` instead of `contacts`, assignee ids and `source`. Where the data maps
 * cleanly, the item is rewritten into the 2.x shape the rest of the apply code reads; what does
 * not map is left as it is and ignored by the topic's rules, with the setting to change.
 */

type Loose = Record<string, unknown>;
const asObject = (value: unknown): Loose | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Loose) : null;

/** The setting that makes Intercom send 2.x items, for the reasons we store. */
export const VERSION_SETTING =
  "set the app's webhook API version to 2.x (Developer Hub > your app > Webhooks)";

/** A 1.x `user` as a 2.x `contact`; anything else unchanged. */
export function contactFromUser(item: unknown): unknown {
  const user = asObject(item);
  if (user?.type !== "user") return item;
  const place = asObject(user.location_data);
  const tags = asObject(user.tags);
  return {
    ...user,
    type: "contact",
    role: typeof user.role === "string" ? user.role : user.anonymous === true ? "lead" : "user",
    external_id: user.external_id ?? user.user_id ?? null,
    location:
      user.location ??
      (place
        ? { country: place.country_name, region: place.region_name, city: place.city_name }
        : null),
    tags: Array.isArray(tags?.tags) ? { data: tags.tags, has_more: false } : user.tags,
  };
}

/** A 1.x `user_tag` as a 2.x `contact_tag`; anything else unchanged. */
export function contactTagFromUserTag(item: unknown): unknown {
  const link = asObject(item);
  if (link?.type !== "user_tag") return item;
  const { user, ...rest } = link;
  return { ...rest, type: "contact_tag", contact: contactFromUser(user) };
}

/** True for a 1.x conversation: it names a `user` and carries no `contacts`. */
export function isVersion1Conversation(item: unknown): boolean {
  const c = asObject(item);
  return Boolean(c && !("contacts" in c) && ("user" in c || "conversation_message" in c));
}

/** A 1.x conversation in the 2.x shape, or null when it names no person to attach it to. */
export function conversationFromVersion1(item: unknown): Loose | null {
  const c = asObject(item);
  const user = asObject(c?.user);
  if (!c || typeof user?.id !== "string") return null;
  const assignee = asObject(c.assignee);
  const assigneeId = typeof assignee?.id === "string" || typeof assignee?.id === "number";
  const message = asObject(c.conversation_message);
  return {
    ...c,
    contacts: { type: "contact.list", contacts: [{ type: "contact", id: user.id }] },
    admin_assignee_id: assigneeId && assignee?.type === "admin" ? assignee.id : null,
    team_assignee_id: assigneeId && assignee?.type === "team" ? assignee.id : null,
    source: c.source ?? (message ? { ...message, author: message.author ?? null } : null),
  };
}
