import type { ContactRecord, ConversationRecord, Workspace } from "./model.ts";
import { renderParts } from "./parts.ts";
import { contactCompanies } from "./render-company.ts";
import {
  adminOpening,
  conversationExtras,
  conversationSource,
} from "./render-conversation-extras.ts";

const list = (url: string, data: unknown[] = []) => ({
  type: "list",
  data,
  url,
  total_count: data.length,
  has_more: false,
});

/** Derived from the id, so seeding stays as it was: about one user in three has a profile. */
function socialProfiles(c: ContactRecord) {
  if (c.role !== "user" || Number.parseInt(c.id.slice(-2), 16) % 3 !== 0) return [];
  const handle = (c.name ?? c.id).toLowerCase().replace(/[^a-z0-9]+/g, "");
  return [{ type: "social_profile", name: "Twitter", url: `https://twitter.com/${handle}` }];
}

/** A contact exactly as Intercom 2.16 answers it (owner_id is a string in 2.16). */
export function renderContact(ws: Workspace, c: ContactRecord) {
  return {
    type: "contact",
    id: c.id,
    workspace_id: ws.appId,
    external_id: c.externalId,
    role: c.role,
    email: c.email,
    email_domain: c.email?.split("@")[1] ?? null,
    phone: c.phone,
    name: c.name,
    owner_id: c.ownerId,
    has_hard_bounced: false,
    marked_email_as_spam: false,
    unsubscribed_from_emails: c.unsubscribedFromEmails ?? false,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    signed_up_at: c.signedUpAt,
    last_seen_at: c.lastSeenAt,
    last_replied_at: null,
    last_contacted_at: null,
    last_email_opened_at: null,
    last_email_clicked_at: null,
    language_override: null,
    browser: "chrome",
    browser_version: "131.0.0.0",
    browser_language: "en",
    os: "macOS 15.1",
    location: c.location
      ? {
          type: "location",
          country: c.location.country,
          region: c.location.region,
          city: c.location.city,
          country_code: c.location.countryCode,
          continent_code: null,
        }
      : {
          type: "location",
          country: null,
          region: null,
          city: null,
          country_code: null,
          continent_code: null,
        },
    android_app_name: null,
    android_app_version: null,
    android_device: null,
    android_os_version: null,
    android_sdk_version: null,
    android_last_seen_at: null,
    ios_app_name: null,
    ios_app_version: null,
    ios_device: null,
    ios_os_version: null,
    ios_sdk_version: null,
    ios_last_seen_at: null,
    custom_attributes: c.customAttributes,
    avatar: c.avatarUrl ? { type: "avatar", image_url: c.avatarUrl } : null,
    tags: {
      ...list(
        `/contacts/${c.id}/tags`,
        c.tagIds.map((id) => ({ type: "tag", id, url: `/tags/${id}` })),
      ),
    },
    notes: list(
      `/contacts/${c.id}/notes`,
      (ws.notes.get(c.id) ?? []).map((n) => ({ type: "note", id: n.id, url: `/notes/${n.id}` })),
    ),
    companies: contactCompanies(c),
    social_profiles: { type: "list", data: socialProfiles(c) },
    opted_out_subscription_types: list(`/contacts/${c.id}/subscriptions`),
    opted_in_subscription_types: list(`/contacts/${c.id}/subscriptions`),
    utm_campaign: null,
    utm_content: null,
    utm_medium: null,
    utm_source: null,
    utm_term: null,
    referrer: null,
    sms_consent: false,
    unsubscribed_from_sms: false,
    enabled_push_messaging: null,
  };
}

/** Absent, not null, when they do not apply: the schema has no nullable statistics. */
function statistics(c: ConversationRecord) {
  const closed = c.state === "closed";
  const stats: Record<string, unknown> = {
    type: "conversation_statistics",
    time_to_assignment: 60,
    time_to_admin_reply: 300 + (Number(c.id) % 3600),

    median_time_to_reply: 600,
    first_contact_reply_at: c.createdAt,
    first_assignment_at: c.createdAt + 60,
    first_admin_reply_at: c.createdAt + 300 + (Number(c.id) % 3600),

    last_assignment_at: c.createdAt + 60,
    last_assignment_admin_reply_at: c.createdAt + 300,
    last_contact_reply_at: c.updatedAt,
    last_admin_reply_at: c.updatedAt,

    count_reopens: Number(c.id) % 7 === 0 ? 1 : 0,
    count_assignments: 1,
    // Intercom counts the opening message too.
    count_conversation_parts: c.partsCount + c.extraParts.length + 1,
    ...c.statistics,
  };
  if (closed && !c.statistics) {
    stats.time_to_first_close = 3600 + (Number(c.id) % 86_400);
    stats.time_to_last_close = stats.time_to_first_close;
    stats.first_close_at = c.updatedAt;
    stats.last_close_at = c.updatedAt;
    // An integer, as Intercom answers it (admin ids elsewhere are strings).
    if (c.adminAssigneeId) stats.last_closed_by_id = Number(c.adminAssigneeId);
  }
  return stats;
}

/** A conversation as search and list answer it: statistics and rating, no parts. */
export function renderConversation(
  ws: Workspace,
  c: ConversationRecord,
  withParts = false,
  plaintext = false,
) {
  const contact = ws.contacts.get(c.contactId);
  const base = {
    type: "conversation",
    id: c.id,
    title: c.title,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    waiting_since: c.state === "open" ? c.updatedAt : null,
    snoozed_until: c.state === "snoozed" ? c.updatedAt + 86_400 : null,
    open: c.state !== "closed",
    state: c.state,
    read: c.read,
    priority: c.priority,
    // Integers, and null (not 2.16's documented 0) when unassigned, as Intercom answers.
    admin_assignee_id: c.adminAssigneeId === null ? null : Number(c.adminAssigneeId),
    team_assignee_id: c.teamAssigneeId === null ? null : Number(c.teamAssigneeId),
    tags: {
      type: "tag.list",
      tags: c.tagIds.map((id) => ({
        type: "tag",
        id,
        name: ws.tags.get(id)?.name ?? id,
        // The sandbox does not keep when a conversation was tagged: its creation is the earliest.
        applied_at: c.createdAt,
        applied_by: { type: "admin", id: c.adminAssigneeId ?? ws.admins[0]?.id ?? null },
      })),
    },
    conversation_rating: c.rating
      ? {
          rating: c.rating.rating,
          remark: c.rating.remark,
          created_at: c.rating.createdAt,
          contact: { type: "contact", id: c.contactId, external_id: contact?.externalId ?? null },
          teammate: c.adminAssigneeId ? { type: "admin", id: c.adminAssigneeId } : null,
        }
      : null,
    source: c.sourceless
      ? null
      : conversationSource({
          id: `${c.id}0`,
          deliveredAs: "customer_initiated",
          subject: "",
          body: plaintext ? "Hello, I need some help." : "<p>Hello, I need some help.</p>",
          author: { type: "user", id: c.contactId, name: contact?.name, email: contact?.email },
        }),
    contacts: {
      type: "contact.list",
      contacts: [{ type: "contact", id: c.contactId, external_id: contact?.externalId ?? null }],
    },
    // Real answers say `admins` inside `teammates`; the 2.16 description says `teammates`.
    teammates: {
      type: "admin.list",
      admins: c.adminAssigneeId ? [{ type: "admin", id: c.adminAssigneeId }] : [],
    },
    custom_attributes: {},
    ...conversationExtras(c),
    ...adminOpening(ws, c, plaintext),
    topics: { type: "topic.list", topics: [], total_count: 0 },
    statistics: statistics(c),
    linked_objects: { type: "list", data: [], total_count: 0, has_more: false },
  };
  if (!withParts) return base;
  return { ...base, conversation_parts: renderParts(c, plaintext) };
}
