import { z } from "zod";

/**
 * Revenue from the Stripe data that Intercom's Stripe app writes into contact custom
 * attributes. Amounts there are in cents. Pure: tested on the shapes the Stripe app writes.
 */
const stripePlan = z.looseObject({
  amount: z.number().nullish(),
  interval: z.string().nullish(),
  interval_count: z.number().nullish(),
  nickname: z.string().nullish(),
  name: z.string().nullish(),
});

const stripeSubscription = z.looseObject({
  status: z.string().nullish(),
  quantity: z.number().nullish(),
  plan: stripePlan.nullish(),
});

const stripePayment = z.looseObject({
  amount: z.number().nullish(),
  status: z.string().nullish(),
  created: z.number().nullish(),
});

export interface Revenue {
  stripeCustomerId: string | null;
  mrr: number | null;
  arr: number | null;
  ltv: number | null;
  activeSubscriptions: number | null;
  planName: string | null;
  planPrice: number | null;
  subscriptionStatus: string | null;
  delinquent: boolean | null;
  lastPaymentAmount: number | null;
  lastPaymentAt: Date | null;
}

// Months per billing interval: a yearly plan is 12 months, a weekly one 12/52 of a month.
const MONTHS_PER_INTERVAL: Record<string, number> = {
  day: 12 / 365,
  week: 12 / 52,
  month: 1,
  year: 12,
};

const dollars = (cents: number) => Math.round(cents) / 100;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Parses a list attribute: the Stripe app stores arrays, some workspaces JSON strings. */
function listOf<T extends z.ZodType>(value: unknown, item: T): z.infer<T>[] {
  let raw = value;
  if (typeof raw === "string") {
    try {
      raw = JSON.parse(raw);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry) => {
    const parsed = item.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
const bool = (v: unknown) => (typeof v === "boolean" ? v : null);

export function monthlyAmount(sub: z.infer<typeof stripeSubscription>): number {
  const amount = sub.plan?.amount;
  if (typeof amount !== "number" || amount <= 0) return 0;
  const months = MONTHS_PER_INTERVAL[sub.plan?.interval ?? "month"] ?? 1;
  const count =
    sub.plan?.interval_count && sub.plan.interval_count > 0 ? sub.plan.interval_count : 1;
  const quantity = sub.quantity && sub.quantity > 0 ? sub.quantity : 1;
  return (amount / 100 / (months * count)) * quantity;
}

/** Null revenue means "no Stripe data", which is not the same as zero. */
export function revenueFrom(attributes: Record<string, unknown> | null | undefined): Revenue {
  const a = attributes ?? {};
  const hasSubscriptions = "Stripe Subscriptions" in a;
  const hasPayments = "Stripe Payments" in a;
  const subscriptions = listOf(a["Stripe Subscriptions"], stripeSubscription);
  const payments = listOf(a["Stripe Payments"], stripePayment);
  const active = subscriptions.filter((s) => s.status === "active");
  const mrr = hasSubscriptions
    ? round2(active.reduce((sum, s) => sum + monthlyAmount(s), 0))
    : null;
  const ltv = hasPayments
    ? round2(
        payments
          .filter((p) => p.status === "succeeded" && (p.amount ?? 0) > 0)
          .reduce((sum, p) => sum + dollars(p.amount ?? 0), 0),
      )
    : null;
  const lastCharge = num(a.stripe_last_charge_amount);
  const lastChargeAt = num(a.stripe_last_charge_at);
  const planPrice = num(a.stripe_plan_price);
  return {
    stripeCustomerId: text(a.stripe_id),
    mrr,
    arr: mrr === null ? null : round2(mrr * 12),
    ltv,
    activeSubscriptions: hasSubscriptions ? active.length : null,
    planName: text(a.stripe_plan),
    planPrice: planPrice === null ? null : Math.max(0, dollars(planPrice)),
    subscriptionStatus: text(a.stripe_subscription_status),
    delinquent: bool(a.stripe_delinquent),
    lastPaymentAmount: lastCharge === null ? null : Math.max(0, dollars(lastCharge)),
    lastPaymentAt: lastChargeAt ? new Date(lastChargeAt * 1000) : null,
  };
}
