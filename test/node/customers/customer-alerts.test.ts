import { describe, expect, it } from "vitest";
import { alertsFor, type CustomerState } from "../../../src/customers/alerts.ts";

const at = new Date("2026-11-20T10:00:00Z");
const state = (over: Partial<CustomerState>): CustomerState => ({
  email: "a@example.com",
  mrr: null,
  delinquent: false,
  cancelIntent30d: false,
  contactUpdatedAt: at,
  ...over,
});

describe("alerts fire on transitions only", () => {
  it("raises high value when MRR crosses the threshold, not while it stays above", () => {
    expect(alertsFor(state({ mrr: 100 }), state({ mrr: 600 })).map((a) => a.kind)).toContain(
      "high_value",
    );
    expect(alertsFor(state({ mrr: 600 }), state({ mrr: 650 }))).toEqual([]);
    expect(alertsFor(undefined, state({ mrr: 501 })).map((a) => a.kind)).toEqual(["high_value"]);
  });

  it("raises an MRR change beyond 50 % either way, with its own change key", () => {
    const up = alertsFor(state({ mrr: 100 }), state({ mrr: 151 }));
    expect(up.map((a) => a.kind)).toEqual(["mrr_change"]);
    expect(alertsFor(state({ mrr: 100 }), state({ mrr: 49 })).map((a) => a.kind)).toEqual([
      "mrr_change",
    ]);
    expect(alertsFor(state({ mrr: 100 }), state({ mrr: 140 }))).toEqual([]);
    expect(alertsFor(state({ mrr: null }), state({ mrr: 140 }))).toEqual([]);
  });

  it("raises delinquent and cancel intent when they become true", () => {
    const kinds = alertsFor(state({}), state({ delinquent: true, cancelIntent30d: true })).map(
      (a) => a.kind,
    );
    expect(kinds.sort()).toEqual(["cancel_intent", "delinquent"]);
    expect(alertsFor(state({ delinquent: true }), state({ delinquent: true }))).toEqual([]);
  });
});
