import { describe, expect, it } from "vitest";
import { qualityScore } from "../../src/customers/quality.ts";
import { revenueFrom } from "../../src/customers/revenue.ts";

const sub = (amount: number, interval: string, extra: Record<string, unknown> = {}) => ({
  id: `sub_${amount}_${interval}`,
  status: "active",
  quantity: 1,
  plan: { amount, interval, interval_count: 1, nickname: "Plan" },
  ...extra,
});

describe("revenue from Stripe custom attributes", () => {
  it("computes MRR, ARR and LTV for a monthly subscriber", () => {
    const r = revenueFrom({
      stripe_id: "cus_1",
      stripe_plan: "Growth",
      stripe_plan_price: 9900,
      stripe_subscription_status: "active",
      stripe_delinquent: false,
      stripe_last_charge_amount: 9900,
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
    expect(r.lastPaymentAt?.toISOString()).toBe(new Date(1_763_000_000_000).toISOString());
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

  it("leaves revenue null, not zero, without Stripe data", () => {
    const r = revenueFrom({ plan: "free" });
    expect(r).toMatchObject({
      mrr: null,
      arr: null,
      ltv: null,
      activeSubscriptions: null,
      stripeCustomerId: null,
    });
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
});
