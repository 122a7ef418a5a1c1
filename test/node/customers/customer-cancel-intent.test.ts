import { describe, expect, it } from "vitest";
import { cancelIntentMatcher } from "../../../src/customers/cancel-intent.ts";

describe("cancel intent keywords", () => {
  const matches = cancelIntentMatcher();

  it("finds whole words and phrases, case-insensitively", () => {
    expect(matches("How do I CANCEL my subscription?")).toBe(true);
    expect(matches("We are switching to another tool")).toBe(true);
    expect(matches("we are not   renewing next year")).toBe(true);
    expect(matches("I won’t renew unless the price drops")).toBe(true);
    expect(matches("<p>Cancellation request</p>")).toBe(true);
  });

  it("ignores other words that contain a keyword", () => {
    expect(matches("The order was cancelled by the courier")).toBe(false);
    expect(matches("churned data in the report")).toBe(false);
    expect(matches("interleaving tasks")).toBe(false);
    expect(matches(null)).toBe(false);
  });

  it("takes a configured list", () => {
    const custom = cancelIntentMatcher(["refund"]);
    expect(custom("I want a refund")).toBe(true);
    expect(custom("I want to cancel")).toBe(false);
  });
});
