import type { AccountOfCustomer } from "../../accounts/read.ts";
import type { Alert, Customer } from "../../customers/read.ts";
import { accountRefView } from "./accounts.ts";
import { alertView } from "./alerts.ts";

/** The API's view of a customer: snake_case like every other answer of the service. */
export function customerView(c: Customer) {
  return {
    id: c.id,
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

/** `POST /v1/customers/lookup`: the customer's view with its latest alerts and its accounts. */
export const customerDetailView = (
  customer: Customer,
  latest: readonly Alert[],
  accounts: readonly AccountOfCustomer[],
) => ({
  ...customerView(customer),
  alerts: latest.map(alertView),
  accounts: accounts.map(accountRefView),
});
