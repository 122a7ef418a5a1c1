import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { alerts, customers } from "../db/schema/customers.ts";

export interface CustomerFilter {
  workspaceId: string;
  email?: string | undefined;
  atRisk?: boolean | undefined;
  highValue?: boolean | undefined;
  delinquent?: boolean | undefined;
  highValueMrr: number;
  /** Keyset cursor: the last email of the previous page. */
  after?: string | undefined;
  limit: number;
}

/** At risk: delinquent, cancel intent in the last 30 days, or a subscription past due/canceled. */
const atRisk = sql`(${customers.delinquent} is true or ${customers.cancelIntent30d} is true or ${customers.subscriptionStatus} in ('past_due', 'canceled', 'unpaid'))`;

export async function listCustomers(db: Executor, f: CustomerFilter) {
  const rows = await db
    .select()
    .from(customers)
    .where(
      and(
        eq(customers.workspaceId, f.workspaceId),
        f.email ? eq(customers.email, f.email.toLowerCase()) : undefined,
        f.atRisk === undefined ? undefined : f.atRisk ? atRisk : sql`not ${atRisk}`,
        f.highValue === undefined
          ? undefined
          : f.highValue
            ? gt(customers.mrr, f.highValueMrr)
            : sql`coalesce(${customers.mrr}, 0) <= ${f.highValueMrr}`,
        f.delinquent === undefined ? undefined : eq(customers.delinquent, f.delinquent),
        f.after ? gt(customers.email, f.after) : undefined,
      ),
    )
    .orderBy(customers.email)
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  return { data: page, next: rows.length > f.limit ? (page.at(-1)?.email ?? null) : null };
}

export async function findCustomer(db: Executor, workspaceId: string, email: string) {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.email, email.toLowerCase())));
  return row ?? null;
}

export async function listAlerts(db: Executor, workspaceId: string, limit: number, email?: string) {
  return db
    .select()
    .from(alerts)
    .where(
      and(
        eq(alerts.workspaceId, workspaceId),
        email ? eq(alerts.email, email.toLowerCase()) : undefined,
      ),
    )
    .orderBy(desc(alerts.createdAt))
    .limit(limit);
}

type CustomerRow = typeof customers.$inferSelect;

/** The API's view of a customer: snake_case like every other answer of the service. */
export function customerView(c: CustomerRow) {
  return {
    email: c.email,
    name: c.name,
    intercom_contact_id: c.contactId,
    stripe_customer_id: c.stripeCustomerId,
    mrr: c.mrr,
    arr: c.arr,
    ltv: c.ltv,
    previous_mrr: c.previousMrr,
    active_subscriptions: c.activeSubscriptions,
    plan_name: c.planName,
    plan_price: c.planPrice,
    subscription_status: c.subscriptionStatus,
    delinquent: c.delinquent,
    last_payment_amount: c.lastPaymentAmount,
    last_payment_at: c.lastPaymentAt,
    last_seen_at: c.lastSeenAt,
    days_since_seen: c.lastSeenAt
      ? Math.floor((Date.now() - c.lastSeenAt.getTime()) / 86_400_000)
      : null,
    signed_up_at: c.signedUpAt,
    country: c.country,
    city: c.city,
    conversations_total: c.conversationsTotal,
    conversations_30d: c.conversations30d,
    conversations_open: c.conversationsOpen,
    cancel_intent_30d: c.cancelIntent30d,
    average_csat: c.averageCsat,
    median_first_response_seconds: c.medianFirstResponseSeconds,
    median_time_to_close_seconds: c.medianTimeToCloseSeconds,
    reopens: c.reopens,
    support_refreshed_at: c.supportRefreshedAt,
    quality_score: c.qualityScore,
    account_owner: c.accountOwner,
    segment: c.segment,
    synced_at: c.syncedAt,
  };
}

export function alertView(a: typeof alerts.$inferSelect) {
  return {
    id: a.id,
    email: a.email,
    kind: a.kind,
    change_key: a.changeKey,
    message: a.message,
    details: a.details,
    created_at: a.createdAt,
  };
}
