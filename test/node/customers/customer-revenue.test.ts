import { describe, expect, it } from "vitest";
import { qualityScore } from "../../../src/customers/quality.ts";
import { revenueFrom } from "../../../src/customers/revenue.ts";

const sub = (amount: number, interval: string, extra: Record<string, unknown> = {}) => ({
  id: `sub_${amount}_${interval}`,
  status: "active",
  quantity: 1,
  plan: { amount, interval, interval_count: 1, nickname: "Plan" },
  ...extra,
});

describe("revenue from the Stripe app's flat attributes (dollars)", () => {
  // The shape of a real contact's attributes (values our own): a yearly plan whose price the
  // app left null, paid by one charge in the current period.
  const yearly = {
    stripe_id: "cus_TEST0000000001",
    stripe_plan: "PRO - Yearly",
    stripe_plan_price: null,
    stripe_plan_interval: "year",
    stripe_plan_interval_count: 1,
    stripe_subscription_status: "active",
    stripe_subscription_period_start_at: 1_743_120_000,
    stripe_last_charge_amount: 4518.62,
    stripe_last_charge_at: 1_743_200_710,
    stripe_delinquent: false,
    stripe_deleted: false,
    stripe_account_balance: 0,
  };

  it("takes a yearly charge that paid the current period as MRR 376.55, ARR 4,518.62", () => {
    const r = revenueFrom(yearly);
    expect(r).toMatchObject({
      stripeCustomerId: "cus_TEST0000000001",
      mrr: 376.55,
      arr: 4518.62,
      ltv: null,
      activeSubscriptions: 1,
      planName: "PRO - Yearly",
      planPrice: null,
      subscriptionStatus: "active",
      delinquent: false,
      lastPaymentAmount: 4518.62,
    });
    expect(r.lastPaymentAt?.toISOString()).toBe(new Date(1_743_200_710_000).toISOString());
  });

  it("does not take a charge from before the current period for its MRR", () => {
    const r = revenueFrom({ ...yearly, stripe_last_charge_at: 1_743_000_000 });
    expect(r.mrr).toBeNull();
    expect(r.arr).toBeNull();
    expect(r.lastPaymentAmount).toBe(4518.62);
  });

  it("prefers the plan price, times the quantity, over the interval in months", () => {
    const monthly = { stripe_plan_price: 49.5, stripe_plan_interval: "month" };
    expect(revenueFrom({ ...yearly, ...monthly }).mrr).toBe(49.5);
    expect(revenueFrom({ ...yearly, ...monthly, stripe_plan_quantity: 3 }).mrr).toBe(148.5);
    const quarterly = { stripe_plan_price: 300, stripe_plan_interval_count: 3 };
    expect(revenueFrom({ ...yearly, ...monthly, ...quarterly })).toMatchObject({
      mrr: 100,
      arr: 1200,
    });
    expect(revenueFrom({ ...yearly, stripe_plan_price: 1200 }).mrr).toBe(100);
  });

  it("counts past_due as billing, trials and ended subscriptions as 0, unknown as null", () => {
    expect(revenueFrom({ ...yearly, stripe_subscription_status: "past_due" }).mrr).toBe(376.55);
    for (const status of ["trialing", "canceled", "unpaid", "incomplete_expired", "paused"]) {
      expect({
        status,
        ...revenueFrom({ ...yearly, stripe_subscription_status: status }),
      }).toMatchObject({
        status,
        mrr: 0,
        arr: 0,
        activeSubscriptions: 0,
      });
    }
    expect(revenueFrom({ ...yearly, stripe_subscription_status: "something_new" }).mrr).toBeNull();
    expect(revenueFrom({ ...yearly, stripe_subscription_status: null }).mrr).toBeNull();
    expect(revenueFrom({ ...yearly, stripe_plan_interval: "fortnight" }).mrr).toBeNull();
  });

  it("leaves revenue null, not zero, without Stripe data", () => {
    expect(revenueFrom({ plan: "free" })).toMatchObject({
      mrr: null,
      arr: null,
      ltv: null,
      activeSubscriptions: null,
      stripeCustomerId: null,
      lastPaymentAmount: null,
    });
  });

  it("reads times written as ISO strings too, and never reports negative amounts", () => {
    const iso = revenueFrom({
      ...yearly,
      stripe_subscription_period_start_at: "2025-03-28T00:00:00.000Z",
      stripe_last_charge_at: "2025-03-28T22:25:10.000+00:00",
    });
    expect(iso.mrr).toBe(376.55);
    expect(iso.lastPaymentAt?.toISOString()).toBe("2025-03-28T22:25:10.000Z");
    const negative = revenueFrom({ ...yearly, stripe_last_charge_amount: -10 });
    expect(negative.lastPaymentAmount).toBe(0);
    expect(negative.mrr).toBe(0);
  });
});

describe("revenue from the directive's arrays (cents), where a workspace has them", () => {
  it("computes MRR, ARR and LTV for a monthly subscriber; the flat last charge is dollars", () => {
    const r = revenueFrom({
      stripe_id: "cus_1",
      stripe_plan: "Growth",
      stripe_plan_price: 99,
      stripe_subscription_status: "active",
      stripe_delinquent: false,
      stripe_last_charge_amount: 99,
      stripe_last_charge_at: 1_763_000_000,
      "Stripe Subscriptions": [sub(9900, "month")],
      "Stripe Payments": [
        { amount: 9900, status: "succeeded", created: 1 },
        { amount: 9900, status: "succeeded", created: 2 },
        { amount: 9900, status: "failed", created: 3 },
      ],
    });
    expect(r).toMatchObject({
      stripeCustomerId: "cus_1",
      mrr: 99,
      arr: 1188,
      ltv: 198,
      activeSubscriptions: 1,
      planPrice: 99,
      lastPaymentAmount: 99,
      delinquent: false,
    });
  });

  it("sums several active subscriptions and ignores cancelled ones", () => {
    const r = revenueFrom({
      "Stripe Subscriptions": [
        sub(5000, "month"),
        sub(2000, "month", { quantity: 3 }),
        sub(9900, "month", { status: "canceled" }),
      ],
    });
    expect(r.mrr).toBe(110);
    expect(r.activeSubscriptions).toBe(2);
  });

  it("normalises yearly, multi-month, weekly and daily plans to monthly", () => {
    expect(revenueFrom({ "Stripe Subscriptions": [sub(120000, "year")] }).mrr).toBe(100);
    const quarterly = sub(30000, "month", {
      plan: { amount: 30000, interval: "month", interval_count: 3 },
    });
    expect(revenueFrom({ "Stripe Subscriptions": [quarterly] }).mrr).toBe(100);
    expect(revenueFrom({ "Stripe Subscriptions": [sub(1000, "week")] }).mrr).toBe(43.33);
    expect(revenueFrom({ "Stripe Subscriptions": [sub(100, "day")] }).mrr).toBe(30.42);
  });

  it("never reports negative revenue (refund-like negative amounts are ignored)", () => {
    const r = revenueFrom({
      "Stripe Subscriptions": [sub(-500, "month")],
      "Stripe Payments": [{ amount: -2000, status: "succeeded" }],
      stripe_last_charge_amount: -100,
    });
    expect(r.mrr).toBe(0);
    expect(r.ltv).toBe(0);
    expect(r.lastPaymentAmount).toBe(0);
  });

  it("reads subscription lists stored as JSON strings", () => {
    const r = revenueFrom({ "Stripe Subscriptions": JSON.stringify([sub(4900, "month")]) });
    expect(r.mrr).toBe(49);
  });
});

describe("quality score", () => {
  const now = new Date("2026-11-22T00:00:00Z");
  it("adds up the documented weights", () => {
    const full = qualityScore(
      {
        stripeCustomerId: "cus_1",
        activeSubscriptions: 1,
        ltv: 10,
        lastPaymentAmount: 10,
        lastSeenAt: new Date("2026-11-20T00:00:00Z"),
        country: "UK",
        city: null,
        conversationsTotal: 2,
        averageCsat: 4.5,
      },
      now,
    );
    expect(full).toBe(100);
    const bare = qualityScore(
      {
        stripeCustomerId: null,
        activeSubscriptions: 0,
        ltv: null,
        lastPaymentAmount: null,
        lastSeenAt: new Date("2026-11-01T00:00:00Z"),
        country: null,
        city: null,
        conversationsTotal: 0,
        averageCsat: null,
      },
      now,
    );
    expect(bare).toBe(0);
  });

  it("counts a paid last charge as a payment history where no LTV is known", () => {
    const inputs = {
      stripeCustomerId: null,
      activeSubscriptions: 0,
      ltv: null,
      lastSeenAt: null,
      country: null,
      city: null,
      conversationsTotal: 0,
      averageCsat: null,
    };
    expect(qualityScore({ ...inputs, lastPaymentAmount: 4518.62 }, now)).toBe(15);
    expect(qualityScore({ ...inputs, lastPaymentAmount: 0 }, now)).toBe(0);
  });
});
