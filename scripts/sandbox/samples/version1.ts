import { isoOffset } from "../webhook-items.ts";

/**
 * Items of version 1.x topics (`user.created`, `user.deleted`, `user.tag.created`, …), which
 * apps whose webhooks are set to API version 1.x still receive: a `user` with `user_id`,
 * `location_data`, `company.list` / `tag.list` wrappers and ISO times; a minimal user when
 * deleted; a `user_tag` with an admin that has no id.
 */
export interface Version1Options {
  appId?: string;
  at?: number;
  email?: string;
  item?: Record<string, unknown>;
}

export function sampleUser(id: string, options: Version1Options = {}): Record<string, unknown> {
  const at = options.at ?? Math.floor(Date.now() / 1000);
  return {
    type: "user",
    id,
    user_id: `user_${id.slice(0, 8)}`,
    anonymous: false,
    email: options.email ?? `grace.${id.slice(0, 6)}@example.com`,
    phone: null,
    name: "Grace Hopper",
    pseudonym: null,
    avatar: { type: "avatar", image_url: null },
    app_id: options.appId ?? "local-app",
    location_data: {
      type: "location_data",
      city_name: "Arlington",
      continent_code: "NA",
      country_code: "USA",
      country_name: "United States",
      latitude: 38.88,
      longitude: -77.1,
      postal_code: null,
      region_name: "Virginia",
      timezone: "America/New_York",
    },
    social_profiles: { type: "social_profile.list", social_profiles: [] },
    companies: {
      type: "company.list",
      companies: [
        { type: "company", company_id: "acme-1", id: `${id.slice(0, 12)}c0`, name: "Acme" },
      ],
    },
    last_request_at: null,
    created_at: isoOffset(at - 86_400 * 30 + 0.666),
    remote_created_at: null,
    signed_up_at: null,
    updated_at: isoOffset(at),
    session_count: 0,
    owner_id: null,
    unsubscribed_from_emails: false,
    marked_email_as_spam: false,
    has_hard_bounced: false,
    tags: { type: "tag.list", tags: [{ type: "tag", id: "81" }] },
    segments: { type: "segment.list", segments: [] },
    custom_attributes: { job_title: "engineer" },
    referrer: null,
    utm_campaign: null,
    utm_content: null,
    utm_medium: null,
    utm_source: null,
    utm_term: null,
    do_not_track: null,
    last_seen_ip: null,
    user_agent_data: null,
    ...options.item,
  };
}

/** The item of a version 1.x `user.*` topic. */
export function sampleVersion1Item(topic: string, id: string, options: Version1Options = {}) {
  if (topic === "user.deleted")
    return {
      type: "user",
      id,
      user_id: `user_${id.slice(0, 8)}`,
      email: options.email ?? `grace.${id.slice(0, 6)}@example.com`,
      ...options.item,
    };
  if (topic.startsWith("user.tag."))
    return {
      type: "user_tag",
      user: sampleUser(id, { ...options, item: undefined }),
      tag: { type: "tag", id: "81", name: "VIP" },
      created_at: options.at ?? Math.floor(Date.now() / 1000),
      admin: { type: "admin" },
      ...options.item,
    };
  return sampleUser(id, options);
}
