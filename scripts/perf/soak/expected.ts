import type { Workspace } from "../../sandbox/model.ts";
import { PART_CAP, partsOf, renderParts } from "../../sandbox/parts.ts";
import { renderContact, renderConversation } from "../../sandbox/render.ts";
import type { CompanyTable, Rows } from "./rows.ts";

/**
 * What Postgres should hold, derived from the sandbox's data as Intercom would answer it
 * (the sandbox's own renderers), with the revenue rule written again from
 * docs/sync.md "Revenue", not imported from src/.
 */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The customer an email stands for (docs/sync.md "Contact sync, customers and alerts"): trimmed, lower case, well formed. */
export function customerEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim();
  return trimmed && EMAIL.test(trimmed) ? trimmed.toLowerCase() : null;
}
const blank = (v: string | null | undefined) => (v == null || v.trim() === "" ? null : v);
/** Intercom's integer ids are stored as text; unassigned is null, as Intercom sends it. */
const assignee = (id: number | string | null) => (id === null ? null : String(id));

/**
 * Intercom returns at most the 500 newest parts, and `conversation_parts.total_count` counts
 * those returned: a conversation is truncated when that count says more than came, or when
 * the cap was reached (then nothing can tell whether there were more).
 */
function truncated(list: { conversation_parts: unknown[]; total_count: number }) {
  const returned = list.conversation_parts.length;
  return list.total_count > returned || returned >= PART_CAP;
}

export function expectedRows(ws: Workspace): Omit<Rows, CompanyTable> {
  const rows: Omit<Rows, CompanyTable> = {
    contacts: new Map(),
    tags: new Map(),
    contact_tags: new Map(),
    conversations: new Map(),
    parts: new Map(),
    conversation_tags: new Map(),
    admins: new Map(),
    teams: new Map(),
    customers: new Map(),
  };
  const live = ws.contactOrder.flatMap((id) => {
    const c = ws.contacts.get(id);
    return c && !c.mergedInto ? [c] : [];
  });
  for (const c of live) {
    const r = renderContact(ws, c);
    rows.contacts.set(c.id, {
      role: r.role,
      external_id: blank(r.external_id),
      email: blank(r.email),
      name: blank(r.name),
      phone: blank(r.phone),
      owner_id: r.owner_id && r.owner_id !== "0" ? r.owner_id : null,
      location: { country: r.location.country, region: r.location.region, city: r.location.city },
      created_at: r.created_at,
      updated_at: r.updated_at,
      signed_up_at: r.signed_up_at,
      last_seen_at: r.last_seen_at,
      custom_attributes: r.custom_attributes,
      archived: c.archived,
    });
    for (const tagId of c.tagIds) rows.contact_tags.set(`${c.id}/${tagId}`, { tagged: true });
  }
  for (const t of ws.tags.values()) rows.tags.set(t.id, { name: t.name });
  for (const a of ws.admins)
    rows.admins.set(a.id, { name: a.name, email: a.email, team_ids: [...a.teamIds].sort() });
  for (const t of ws.teams)
    rows.teams.set(t.id, { name: t.name, admin_ids: [...t.adminIds].sort() });
  const conversationsOf = new Map<string, { total: number; open: number }>();
  for (const id of ws.conversationOrder) {
    const c = ws.conversations.get(id);
    // docs/erasure.md "Erasure": a conversation only deleted people are in becomes a tombstone here,
    // though Intercom keeps it.
    if (!c || !ws.contacts.has(c.contactId)) continue;
    const r = renderConversation(ws, c);
    rows.conversations.set(c.id, {
      state: r.state,
      open: r.open,
      read: r.read,
      priority: r.priority,
      title: r.title,
      contact_ids: [c.contactId],
      tag_ids: [...c.tagIds].sort(),
      admin_assignee_id: assignee(r.admin_assignee_id),
      team_assignee_id: assignee(r.team_assignee_id),
      created_at: r.created_at,
      updated_at: r.updated_at,
      waiting_since: r.waiting_since,
      snoozed_until: r.snoozed_until,
      statistics: r.statistics,
      rating: r.conversation_rating?.rating ?? null,
      rating_remark: r.conversation_rating?.remark ?? null,
      rated_at: r.conversation_rating?.created_at ?? null,
      parts_stored_for: r.updated_at,
      parts_truncated: truncated(renderParts(c, true)),
    });
    for (const tagId of c.tagIds) rows.conversation_tags.set(`${c.id}/${tagId}`, {});
    const all = partsOf(c);
    for (const p of all.slice(-PART_CAP))
      rows.parts.set(`${c.id}/${p.id}`, {
        part_type: p.partType,
        body: p.body,
        author_type: p.authorType,
        author_id: p.authorId,
        created_at: p.createdAt,
      });
    const counts = conversationsOf.get(c.contactId) ?? { total: 0, open: 0 };
    counts.total += 1;
    if (r.open) counts.open += 1;
    conversationsOf.set(c.contactId, counts);
  }
  // One customer per email, case-insensitive; the most recently updated contact wins.
  const byEmail = new Map<string, (typeof live)[number][]>();
  for (const c of live) {
    const key = customerEmail(c.email);
    if (key !== null) byEmail.set(key, [...(byEmail.get(key) ?? []), c]);
  }
  for (const [email, people] of byEmail) {
    const winner = people.reduce((a, b) => (b.updatedAt > a.updatedAt ? b : a));
    const counts = people.reduce(
      (sum, p) => {
        const mine = conversationsOf.get(p.id);
        return { total: sum.total + (mine?.total ?? 0), open: sum.open + (mine?.open ?? 0) };
      },
      { total: 0, open: 0 },
    );
    rows.customers.set(email, {
      contact_id: winner.id,
      ...revenue(winner.customAttributes),
      conversations_total: counts.total,
      conversations_open: counts.open,
    });
  }
  return rows;
}

/** Months per Stripe billing interval. */
const MONTHS: Record<string, number> = { day: 12 / 365, week: 12 / 52, month: 1, year: 12 };
const round2 = (n: number) => Math.round(n * 100) / 100;
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
/** Statuses that bill nothing this month. */
const NOT_BILLING = new Set([
  "trialing",
  "canceled",
  "unpaid",
  "incomplete",
  "incomplete_expired",
  "paused",
]);

interface Subscription {
  status?: string;
  quantity?: number;
  plan?: { amount?: number; interval?: string; interval_count?: number };
}

/** Shape A: the directive's `Stripe Subscriptions` (cents), active ones normalised to a month. */
function arraysMonthly(subscriptions: unknown): number {
  let monthly = 0;
  for (const s of (Array.isArray(subscriptions) ? subscriptions : []) as Subscription[]) {
    if (s.status !== "active" || !s.plan?.amount || s.plan.amount <= 0) continue;
    const perMonth = MONTHS[s.plan.interval ?? "month"] ?? 1;
    const every = s.plan.interval_count && s.plan.interval_count > 0 ? s.plan.interval_count : 1;
    const quantity = s.quantity && s.quantity > 0 ? s.quantity : 1;
    monthly += (s.plan.amount / 100 / (perMonth * every)) * quantity;
  }
  return monthly;
}

/** Shape B: the Stripe app's flat attributes (dollars); null when nothing says the amount. */
function flatMonthly(a: Record<string, unknown>): number | null {
  const raw = a.stripe_subscription_status;
  const status = typeof raw === "string" ? raw.trim().toLowerCase() : null;
  if (status !== null && NOT_BILLING.has(status)) return 0;
  if (status !== "active" && status !== "past_due") return null;
  const interval = a.stripe_plan_interval;
  const perMonth =
    typeof interval === "string" && Object.hasOwn(MONTHS, interval) ? MONTHS[interval] : undefined;
  if (perMonth === undefined) return null;
  const months = perMonth * Math.max(1, num(a.stripe_plan_interval_count) ?? 1);
  const price = num(a.stripe_plan_price);
  if (price !== null && price >= 0) return (price * (num(a.stripe_plan_quantity) ?? 1)) / months;
  const charged = num(a.stripe_last_charge_amount);
  const chargedAt = num(a.stripe_last_charge_at);
  const periodStart = num(a.stripe_subscription_period_start_at);
  if (charged !== null && chargedAt && periodStart && chargedAt >= periodStart)
    return charged / months;
  return null;
}

/**
 * docs/sync.md "Revenue": MRR from the directive's arrays when `Stripe Subscriptions` is
 * a key, else from the flat attributes; MRR and ARR each rounded to cents from the unrounded
 * monthly figure; LTV from succeeded `Stripe Payments` (cents) when present, else null (the
 * flat attributes hold no payment history). No Stripe data: null, never zero.
 */
export function revenue(attributes: Record<string, unknown>) {
  const monthly =
    "Stripe Subscriptions" in attributes
      ? arraysMonthly(attributes["Stripe Subscriptions"])
      : flatMonthly(attributes);
  const payments = attributes["Stripe Payments"] as
    | Array<{ amount?: number; status?: string }>
    | undefined;
  const ltv =
    payments === undefined
      ? null
      : round2(
          payments
            .filter((p) => p.status === "succeeded" && (p.amount ?? 0) > 0)
            .reduce((sum, p) => sum + (p.amount ?? 0) / 100, 0),
        );
  return {
    mrr: monthly === null ? null : round2(monthly),
    arr: monthly === null ? null : round2(monthly * 12),
    ltv,
  };
}
