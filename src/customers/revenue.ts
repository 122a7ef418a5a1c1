import { z } from "zod";
import { secondsOf } from "../intercom/schemas/timestamp.ts";
import { fromUnixSeconds } from "../shared/clock.ts";

/**
 * Revenue from the Stripe data on a contact's custom attributes. Pure: tested on the shapes
 * real workspaces hold. docs/sync.md "Revenue" has the rule with worked examples.
 *
 * Intercom's Stripe app writes FLAT attributes in DOLLARS (`stripe_plan_price`,
 * `stripe_plan_interval`, `stripe_subscription_status`, `stripe_last_charge_amount`, …):
 * Intercom refuses arrays and objects as custom attribute values. The sync directive described
 * `Stripe Subscriptions` / `Stripe Payments` arrays in CENTS instead; a workspace that writes
 * those itself still has them read, and they win where present (they say more).
 */
const stripePlan = z.looseObject({
  amount: z.number().nullish(),
  interval: z.string().nullish(),
  interval_count: z.number().nullish(),
});

const stripeSubscription = z.looseObject({
  status: z.string().nullish(),
  quantity: z.number().nullish(),
  plan: stripePlan.nullish(),
});

const stripePayment = z.looseObject({
  amount: z.number().nullish(),
  status: z.string().nullish(),
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

/** Subscription states Stripe bills (past_due is still owed: `delinquent` says so). */
const BILLING = new Set(["active", "past_due"]);
/** States that bring nothing in this month: trials and ended or stopped subscriptions. */
const NOT_BILLING = new Set([
  "trialing",
  "canceled",
  "unpaid",
  "incomplete",
  "incomplete_expired",
  "paused",
]);

const round2 = (n: number) => Math.round(n * 100) / 100;
const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
const bool = (v: unknown) => (typeof v === "boolean" ? v : null);
const positive = (v: number | null | undefined) => (v && v > 0 ? v : 1);
const monthsOf = (interval: string | null | undefined, count: number | null | undefined) => {
  const months = MONTHS_PER_INTERVAL[interval ?? ""];
  return months === undefined ? null : months * positive(count);
};

/** Parses a list attribute: arrays, or JSON strings of them where a workspace stored those. */
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

/** The directive's arrays: one subscription's monthly amount in dollars (amounts in cents). */
function monthlyAmount(sub: z.infer<typeof stripeSubscription>): number {
  const amount = sub.plan?.amount;
  if (typeof amount !== "number" || amount <= 0) return 0;
  const months = monthsOf(sub.plan?.interval ?? "month", sub.plan?.interval_count) ?? 1;
  return (amount / 100 / months) * positive(sub.quantity);
}

interface Monthly {
  /** Unrounded, so ARR is 12 × the exact figure: 4,518.62 a year stays 4,518.62. */
  exact: number | null;
  active: number | null;
}

/** MRR from the arrays, when `Stripe Subscriptions` is there. */
function fromArrays(a: Record<string, unknown>): Monthly {
  const active = listOf(a["Stripe Subscriptions"], stripeSubscription).filter(
    (s) => s.status === "active",
  );
  return { exact: active.reduce((sum, s) => sum + monthlyAmount(s), 0), active: active.length };
}

/**
 * MRR from the Stripe app's flat attributes. A billing subscription's MRR is its plan price
 * (times `stripe_plan_quantity` where a workspace writes one) over the interval in months;
 * with no plan price (the app leaves it null for some plans), the last charge stands for the
 * period when it paid the current one (`stripe_last_charge_at` at or after
 * `stripe_subscription_period_start_at`). Trials, cancelled and unpaid subscriptions are 0.
 * Anything else is unknown: null, never a guess.
 */
function fromFlat(a: Record<string, unknown>): Monthly {
  const status = text(a.stripe_subscription_status)?.toLowerCase() ?? null;
  if (status === null) return { exact: null, active: null };
  if (NOT_BILLING.has(status)) return { exact: 0, active: 0 };
  if (!BILLING.has(status)) return { exact: null, active: null };
  const months = monthsOf(text(a.stripe_plan_interval), num(a.stripe_plan_interval_count));
  if (months === null) return { exact: null, active: 1 };
  const price = num(a.stripe_plan_price);
  if (price !== null)
    return {
      exact: (Math.max(0, price) * positive(num(a.stripe_plan_quantity))) / months,
      active: 1,
    };
  const charge = num(a.stripe_last_charge_amount);
  const chargedAt = secondsOf(a.stripe_last_charge_at);
  const periodStart = secondsOf(a.stripe_subscription_period_start_at);
  if (charge === null || !chargedAt || !periodStart || chargedAt < periodStart)
    return { exact: null, active: 1 };
  return { exact: Math.max(0, charge) / months, active: 1 };
}

/** Null revenue means "not known", which is not the same as zero. */
export function revenueFrom(attributes: Record<string, unknown> | null | undefined): Revenue {
  const a = attributes ?? {};
  const monthly = "Stripe Subscriptions" in a ? fromArrays(a) : fromFlat(a);
  const payments = listOf(a["Stripe Payments"], stripePayment);
  // Only the directive's arrays hold a payment history; the flat attributes keep the last
  // charge alone, so lifetime value is unknown there.
  const ltv =
    "Stripe Payments" in a
      ? round2(
          payments
            .filter((p) => p.status === "succeeded" && (p.amount ?? 0) > 0)
            .reduce((sum, p) => sum + (p.amount ?? 0) / 100, 0),
        )
      : null;
  const lastCharge = num(a.stripe_last_charge_amount);
  const planPrice = num(a.stripe_plan_price);
  return {
    stripeCustomerId: text(a.stripe_id),
    mrr: monthly.exact === null ? null : round2(monthly.exact),
    arr: monthly.exact === null ? null : round2(monthly.exact * 12),
    ltv,
    activeSubscriptions: monthly.active,
    planName: text(a.stripe_plan),
    planPrice: planPrice === null ? null : round2(Math.max(0, planPrice)),
    subscriptionStatus: text(a.stripe_subscription_status),
    delinquent: bool(a.stripe_delinquent),
    lastPaymentAmount: lastCharge === null ? null : round2(Math.max(0, lastCharge)),
    lastPaymentAt: fromUnixSeconds(secondsOf(a.stripe_last_charge_at)),
  };
}
