import { pick } from "./prng.ts";

/**
 * Stripe data on a contact, as the real Stripe app for Intercom writes it: FLAT custom
 * attributes, amounts in dollars (floats with cents), times in Unix seconds. Intercom refuses
 * arrays and objects as custom attribute values, so the `Stripe Subscriptions` / `Stripe
 * Payments` arrays (amounts in cents) exist only where a workspace's own integration writes
 * them: a minority here, on top of the flat attributes (they then take precedence for MRR).
 */
const DAY = 86_400;
const PLANS = [
  { name: "Starter - Monthly", price: 29, interval: "month", count: 1 },
  { name: "Growth - Monthly", price: 99.5, interval: "month", count: 1 },
  { name: "Team - Monthly", price: 249.99, interval: "month", count: 1 },
  { name: "Scale - Quarterly", price: 449.97, interval: "month", count: 3 },
  // High value (above the default 500 dollars of MRR).
  { name: "Enterprise - Monthly", price: 899.99, interval: "month", count: 1 },
  { name: "Business - Yearly", price: 1188, interval: "year", count: 1 },
  { name: "PRO - Yearly", price: 4518.62, interval: "year", count: 1 },
] as const;
const BRANDS = ["Visa", "Mastercard", "American Express"];
/** Share of Stripe customers whose workspace also writes the directive's arrays. */
const ARRAYS_SHARE = 0.35;

const round2 = (n: number) => Math.round(n * 100) / 100;
const midnight = (t: number) => Math.floor(t / DAY) * DAY;

function status(random: () => number): string {
  const roll = random();
  if (roll < 0.72) return "active";
  if (roll < 0.84) return "trialing";
  if (roll < 0.95) return "canceled";
  return "past_due";
}

/**
 * One customer's Stripe attributes as of `at`. `arrays`: whether to add the directive's arrays
 * too (`"draw"`: for about a third of customers, seeded from `random`).
 */
export function stripeAttributes(
  random: () => number,
  id: string,
  at: number,
  arrays: boolean | "draw" = "draw",
): Record<string, unknown> {
  const plan = pick(random, PLANS);
  const state = status(random);
  const withArrays = arrays === "draw" ? random() < ARRAYS_SHARE : arrays;
  // The app leaves the price empty for some plans (tiered, metered, or set on the price object).
  const price = random() < 0.25 ? null : plan.price;
  const quantity = random() < 0.05 ? 2 + Math.floor(random() * 4) : null;
  const periodDays = plan.interval === "year" ? 365 : 30 * plan.count;
  const periodStart = midnight(at - Math.floor(random() * periodDays) * DAY);
  const charged = round2(plan.price * (quantity ?? 1));
  // Charged within hours of the period's start; on a few, the last charge is the previous
  // period's (a failed or pending renewal), before this period started.
  const lastChargeAt =
    random() < 0.15
      ? periodStart - (1 + Math.floor(random() * 20)) * DAY + Math.floor(random() * DAY)
      : Math.min(at, periodStart + Math.floor(random() * 6 * 3600));
  const trialing = state === "trialing";
  const flat: Record<string, unknown> = {
    stripe_account_balance: random() < 0.15 ? -round2(random() * 50) : 0,
    stripe_card_brand: pick(random, BRANDS),
    stripe_card_expires_at: midnight(at + (1 + Math.floor(random() * 4)) * 365 * DAY),
    stripe_deleted: state === "canceled" && random() < 0.2,
    stripe_delinquent: state === "past_due",
    stripe_id: `cus_${id.slice(0, 14)}`,
    stripe_last_charge_amount: trialing ? null : charged,
    stripe_last_charge_at: trialing ? null : lastChargeAt,
    stripe_plan: plan.name,
    stripe_plan_interval: plan.interval,
    stripe_plan_interval_count: plan.count,
    stripe_plan_price: price,
    ...(quantity === null ? {} : { stripe_plan_quantity: quantity }),
    stripe_subscription_period_start_at: periodStart,
    stripe_subscription_status: state,
  };
  if (!withArrays) return flat;
  return { ...flat, ...directiveArrays(random, id, at, plan, state, quantity ?? 1) };
}

/** The directive's arrays, amounts in cents. */
function directiveArrays(
  random: () => number,
  id: string,
  at: number,
  plan: (typeof PLANS)[number],
  state: string,
  quantity: number,
) {
  const amount = Math.round(plan.price * 100);
  const subscriptions: Array<Record<string, unknown>> = [
    {
      id: `sub_${id.slice(0, 10)}`,
      status: state,
      quantity,
      plan: { amount, interval: plan.interval, interval_count: plan.count, nickname: plan.name },
    },
  ];
  if (random() < 0.1) {
    subscriptions.push({
      id: `sub_${id.slice(0, 10)}_addon`,
      status: "active",
      quantity: 1,
      plan: { amount: 1500, interval: "month", interval_count: 1, nickname: "Add-on" },
    });
  }
  const payments = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => ({
    id: `py_${id.slice(0, 8)}_${i}`,
    amount: amount * quantity,
    status: random() < 0.9 ? "succeeded" : random() < 0.5 ? "failed" : "refunded",
    created: at - i * 30 * DAY,
  }));
  return { "Stripe Subscriptions": subscriptions, "Stripe Payments": payments };
}

/** Custom attributes with every Stripe attribute replaced (none of the old ones left over). */
export function withStripe(
  attributes: Record<string, unknown>,
  stripe: Record<string, unknown>,
): Record<string, unknown> {
  const kept = Object.entries(attributes).filter(
    ([key]) => !key.startsWith("stripe_") && !key.startsWith("Stripe "),
  );
  return { ...Object.fromEntries(kept), ...stripe };
}

export const hasDirectiveArrays = (attributes: Record<string, unknown>) =>
  "Stripe Subscriptions" in attributes;
