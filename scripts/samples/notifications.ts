/**
 * Realistic Intercom webhook notifications (API version 2.16 item shapes), shared by
 * `npm run webhook`, the tests and the benchmark, so all three send what Intercom sends.
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

export function sampleContact(options: SampleOptions = {}): Record<string, unknown> {
  const at = options.at ?? Math.floor(Date.now() / 1000);
  const id = options.contactId ?? randomHex(12);
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
    created_at: at - 86_400 * 30,
    updated_at: at,
    signed_up_at: at - 86_400 * 30,
    last_seen_at: at - 3_600,
    last_replied_at: null,
    last_contacted_at: null,
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
      stripe_id: `cus_${id.slice(0, 14)}`,
      stripe_plan: "Growth Monthly",
      stripe_plan_price: 9900,
      stripe_subscription_status: "active",
      stripe_delinquent: false,
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
    statistics: null,
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

function sampleContactTag(options: SampleOptions): Record<string, unknown> {
  const at = options.at ?? Math.floor(Date.now() / 1000);
  return {
    type: "contact_tag",
    created_at: at,
    tag: { type: "tag", id: "81", name: "VIP" },
    contact: { type: "contact", id: options.contactId ?? randomHex(12), external_id: null },
    ...options.item,
  };
}

/** The item each topic carries. */
export function sampleItem(topic: string, options: SampleOptions = {}): unknown {
  if (topic === "ping") return { type: "ping", message: "something interesting happened" };
  if (topic === "contact.deleted" || topic === "user.deleted") {
    const id = options.contactId ?? randomHex(12);
    return { type: "contact", id, external_id: `user_${id.slice(0, 8)}`, deleted: true };
  }
  if (topic === "contact.archived" || topic === "contact.unarchive") {
    const id = options.contactId ?? randomHex(12);
    const archived = topic === "contact.archived";
    return { type: "contact", id, external_id: `user_${id.slice(0, 8)}`, archived };
  }
  if (topic === "contact.merged") {
    return sampleContact({
      ...options,
      item: { merged_from: { type: "contact", id: randomHex(12) }, ...options.item },
    });
  }
  if (topic === "conversation.deleted") {
    return { type: "conversation", id: options.conversationId ?? "10000001" };
  }
  // `conversation_part.tag.created` carries the whole conversation, not a tag link.
  if (topic.startsWith("conversation")) return sampleConversation(options);
  if (topic.includes(".tag.")) return sampleContactTag(options);
  if (topic.startsWith("contact.") || topic.startsWith("user.")) {
    const role = topic.includes("lead") ? "lead" : "user";
    return sampleContact({ ...options, item: { role, ...options.item } });
  }
  return { type: "unknown", id: randomHex(8) };
}

/** A complete notification envelope as Intercom posts it. */
export function sampleNotification(topic: string, options: SampleOptions = {}) {
  const at = options.at ?? Math.floor(Date.now() / 1000);
  return {
    type: "notification_event",
    app_id: options.appId ?? DEFAULT_APP_ID,
    data: { type: "notification_event_data", item: sampleItem(topic, options) },
    links: {},
    id:
      options.notificationId === undefined
        ? `notif_${crypto.randomUUID()}`
        : options.notificationId,
    topic,
    delivery_status: "pending",
    delivery_attempts: 1,
    delivered_at: 0,
    first_sent_at: at,
    created_at: at,
    self: null,
  };
}
