import { isoOffset, isoZulu } from "../webhook-items.ts";
import { envelope } from "../webhooks-out.ts";
import { sampleVersion1Item } from "./version1.ts";

/**
 * Realistic Intercom webhook notifications, shared by `npm run webhook`, the tests and the
 * benchmark, so all three send what Intercom really sends (../shared/reference/
 * intercom-real-shapes.md): a contact's times as ISO strings in two formats, minimal archive
 * and delete items, tag items wrapping the whole contact, and the Stripe app's flat attributes;
 * `user.*` topics get version 1.x items (version1.ts).
 */

export interface SampleOptions {
  appId?: string;
  notificationId?: string | null;
  /** Unix seconds for the notification's `created_at` and the item's timestamps. */
  at?: number;
  contactId?: string;
  conversationId?: string;
  email?: string;
  item?: Record<string, unknown>;
}

const DEFAULT_APP_ID = "local-app";

function randomHex(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** `external_id` is a key of some `contact.deleted` items and not of others (fixed by the id). */
const deletedWithExternalId = (id: string) => Number.parseInt(id.slice(-1), 16) % 2 === 0;

export function sampleContact(options: SampleOptions = {}): Record<string, unknown> {
  const at = options.at ?? Math.floor(Date.now() / 1000);
  const id = options.contactId ?? randomHex(12);
  const created = at - 86_400 * 30;
  const email = options.email ?? `ada.${id.slice(0, 6)}@example.com`;
  return {
    type: "contact",
    id,
    workspace_id: options.appId ?? DEFAULT_APP_ID,
    external_id: `user_${id.slice(0, 8)}`,
    role: "user",
    email,
    email_domain: email.split("@")[1] ?? "",
    phone: "+14155550123",
    name: "Ada Lovelace",
    avatar: null,
    owner_id: 5017691,
    social_profiles: { type: "list", data: [] },
    has_hard_bounced: false,
    marked_email_as_spam: false,
    unsubscribed_from_emails: false,
    // Milliseconds Intercom keeps on creation; the update is exactly `at`.
    created_at: isoOffset(created + 0.24),
    updated_at: isoOffset(at),
    signed_up_at: isoZulu(created),
    last_seen_at: isoZulu(at - 3_600),
    last_replied_at: null,
    last_contacted_at: isoZulu(at - 86_400),
    last_email_opened_at: null,
    last_email_clicked_at: null,
    language_override: null,
    browser: "chrome",
    browser_version: "131.0.0.0",
    browser_language: "en",
    os: "macOS 15.1",
    location: {
      type: "location",
      country: "United Kingdom",
      region: "England",
      city: "London",
      country_code: "GBR",
      continent_code: "EU",
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
    custom_attributes: {
      plan: "growth",
      // The Stripe app's flat attributes: dollars, Unix seconds.
      stripe_account_balance: 0,
      stripe_card_brand: "Visa",
      stripe_card_expires_at: at + 86_400 * 400,
      stripe_deleted: false,
      stripe_delinquent: false,
      stripe_id: `cus_${id.slice(0, 14)}`,
      stripe_last_charge_amount: 99.5,
      stripe_last_charge_at: at - 86_400 * 3 + 5_400,
      stripe_plan: "Growth - Monthly",
      stripe_plan_interval: "month",
      stripe_plan_interval_count: 1,
      stripe_plan_price: 99.5,
      stripe_subscription_period_start_at: at - 86_400 * 3,
      stripe_subscription_status: "active",
    },
    tags: { type: "list", data: [], url: `/contacts/${id}/tags`, total_count: 0, has_more: false },
    notes: {
      type: "list",
      data: [],
      url: `/contacts/${id}/notes`,
      total_count: 0,
      has_more: false,
    },
    companies: {
      type: "list",
      data: [],
      url: `/contacts/${id}/companies`,
      total_count: 0,
      has_more: false,
    },
    opted_out_subscription_types: { type: "list", data: [], total_count: 0, has_more: false },
    opted_in_subscription_types: { type: "list", data: [], total_count: 0, has_more: false },
    utm_campaign: null,
    utm_content: null,
    utm_medium: null,
    utm_source: null,
    utm_term: null,
    referrer: null,
    sms_consent: false,
    unsubscribed_from_sms: false,
    enabled_push_messaging: null,
    ...options.item,
  };
}

export function sampleConversation(options: SampleOptions = {}): Record<string, unknown> {
  const at = options.at ?? Math.floor(Date.now() / 1000);
  const id = options.conversationId ?? String(10_000_000 + Math.floor(Math.random() * 9e8));
  const contactId = options.contactId ?? randomHex(12);
  return {
    type: "conversation",
    id,
    title: null,
    created_at: at - 600,
    updated_at: at,
    waiting_since: at,
    snoozed_until: null,
    source: {
      type: "conversation",
      id: "403918396",
      delivered_as: "customer_initiated",
      subject: "",
      body: "<p>Hi, how do I cancel my subscription?</p>",
      author: { type: "user", id: contactId, name: "Ada Lovelace", email: "ada@example.com" },
      attachments: [],
      url: null,
      redacted: false,
    },
    contacts: { type: "contact.list", contacts: [{ type: "contact", id: contactId }] },
    teammates: { type: "admin.list", admins: [] },
    admin_assignee_id: null,
    team_assignee_id: null,
    custom_attributes: {},
    open: true,
    state: "open",
    read: false,
    tags: { type: "tag.list", tags: [] },
    priority: "not_priority",
    sla_applied: null,
    // Inside statistics a webhook's times are ISO strings; outside, Unix seconds.
    statistics: {
      type: "conversation_statistics",
      time_to_assignment: null,
      time_to_admin_reply: null,
      time_to_first_close: null,
      time_to_last_close: null,
      median_time_to_reply: null,
      first_contact_reply_at: isoZulu(at - 600),
      first_assignment_at: null,
      first_admin_reply_at: null,
      first_close_at: null,
      last_assignment_at: null,
      last_assignment_admin_reply_at: null,
      last_contact_reply_at: isoZulu(at - 600),
      last_admin_reply_at: null,
      last_close_at: null,
      last_closed_by_id: null,
      count_reopens: 0,
      count_assignments: 0,
      count_conversation_parts: 1,
    },
    conversation_rating: null,
    topics: { type: "topic.list", topics: [], total_count: 0 },
    ticket: null,
    linked_objects: { type: "list", data: [], total_count: 0, has_more: false },
    ai_agent_participated: false,
    conversation_parts: {
      type: "conversation_part.list",
      conversation_parts: [],
      total_count: 0,
    },
    ...options.item,
  };
}

/** The tag and the whole contact; no `created_at` (the envelope's says when). */
function sampleContactTag(topic: string, options: SampleOptions): Record<string, unknown> {
  const role = topic.includes("lead") ? "lead" : "user";
  return {
    type: "contact_tag",
    tag: { type: "tag", id: "81", name: "VIP" },
    contact: sampleContact({ ...options, item: { role } }),
    ...options.item,
  };
}

/** The item each topic carries. */
export function sampleItem(topic: string, options: SampleOptions = {}): unknown {
  if (topic === "ping") return { type: "ping", message: "something interesting happened" };
  if (topic.startsWith("user."))
    return sampleVersion1Item(topic, options.contactId ?? randomHex(12), options);
  if (topic === "contact.deleted") {
    const id = options.contactId ?? randomHex(12);
    const externalId = deletedWithExternalId(id) ? { external_id: `user_${id.slice(0, 8)}` } : {};
    return { id, ...externalId, type: "contact", deleted: true, ...options.item };
  }
  if (topic === "contact.archived") {
    const id = options.contactId ?? randomHex(12);
    return {
      id,
      external_id: `user_${id.slice(0, 8)}`,
      type: "contact",
      archived: true,
      ...options.item,
    };
  }
  // `contact.unarchived` (and the `contact.unarchive` spelling) and `contact.merged` carry the
  // whole contact; a merge's never names the merged-away one.
  if (topic === "conversation_part.tag.created") {
    // Not a `conversation.` topic, yet the whole conversation, with the tags just added.
    const tag = { type: "tag", id: "81", name: "VIP" };
    return sampleConversation({
      ...options,
      item: {
        tags: { type: "tag.list", tags: [tag] },
        tags_added: { type: "tag.list", tags: [tag] },
        ...options.item,
      },
    });
  }
  if (topic.startsWith("contact.") && topic.includes(".tag."))
    return sampleContactTag(topic, options);
  if (topic === "conversation.deleted") {
    return {
      type: "conversation",
      conversation_id: options.conversationId ?? "10000001",
      ...options.item,
    };
  }
  // `conversation_part.*` topics carry the whole conversation too.
  if (topic.startsWith("conversation.") || topic.startsWith("conversation_part."))
    return sampleConversation(options);
  if (topic.startsWith("contact.")) {
    const role = topic.includes("lead") ? "lead" : "user";
    return sampleContact({ ...options, item: { role, ...options.item } });
  }
  if (topic.startsWith("company.")) return sampleCompanyItem(topic, options);
  return { type: "unknown", id: randomHex(8) };
}

/**
 * Company topics in the shapes of real deliveries (scripts/sandbox/webhook-items.ts says where
 * from): the webhook company with ISO times and unset keys null; `company.deleted` its ids;
 * `company.contact.*` `{company, contact}` with no `type`. `options.item` overrides the company.
 */
function sampleCompanyItem(topic: string, options: SampleOptions): Record<string, unknown> {
  const at = options.at ?? Math.floor(Date.now() / 1000);
  const iso = (s: number) => new Date(s * 1000).toISOString();
  const company = {
    type: "company",
    id: randomHex(12),
    company_id: `acct-${randomHex(4)}`,
    name: "Acme Ltd",
    plan: null,
    monthly_spend: 120,
    user_count: 1,
    session_count: 0,
    remote_created_at: null,
    created_at: iso(at - 86_400),
    updated_at: iso(at),
    last_request_at: null,
    custom_attributes: {},
    tag_ids: [],
    ...options.item,
  };
  if (topic === "company.deleted") return { id: company.id, type: "company", deleted: true };
  if (topic.startsWith("company.contact."))
    return { company, contact: sampleContact({ ...options, item: undefined }) };
  return company;
}

/** A complete notification envelope as Intercom posts it (`attempt` 2+: a redelivery). */
export function sampleNotification(
  topic: string,
  options: SampleOptions & { attempt?: number } = {},
) {
  const at = options.at ?? Math.floor(Date.now() / 1000);
  const id =
    options.notificationId === undefined ? `notif_${crypto.randomUUID()}` : options.notificationId;
  return envelope(
    options.appId ?? DEFAULT_APP_ID,
    id,
    topic,
    sampleItem(topic, options),
    at,
    options.attempt ?? 1,
  );
}
