import { describe, expect, it } from "vitest";
import { changesOf } from "../../../src/writeback/changes.ts";
import { attributesOf, STRING_LIMIT } from "../../../src/writeback/figures.ts";

const attributes = attributesOf({
  prefix: "bridge_",
  contact: ["mrr", "plan", "quality_score", "delinquent"],
  account: [],
});

describe("what a contact needs written", () => {
  it("nothing for a contact without figures that was never written", () => {
    const { change } = changesOf(attributes, { mrr: null, plan_name: null }, {});
    expect(change).toBeNull();
  });

  it("only the values that differ, money to the cent, with what they replace", () => {
    const { change } = changesOf(
      attributes,
      { mrr: 0.1 + 0.2, plan_name: "pro", quality_score: 71.6, delinquent: false },
      { bridge_mrr: 0.3, bridge_plan: "basic", bridge_delinquent: false },
    );
    expect(change).toEqual({
      values: { bridge_plan: "pro", bridge_quality_score: 72 },
      old: { bridge_plan: "basic", bridge_quality_score: null },
    });
  });

  it("clears a value that is gone (null), as Intercom takes null", () => {
    const { change } = changesOf(attributes, { mrr: null }, { bridge_mrr: 49 });
    expect(change?.values).toEqual({ bridge_mrr: null });
  });

  it(`leaves out a string past ${STRING_LIMIT} characters and says why`, () => {
    const long = "x".repeat(STRING_LIMIT + 1);
    const exact = "y".repeat(STRING_LIMIT);
    const refused = changesOf(attributes, { plan_name: long, mrr: 5 }, {});
    expect(refused.change?.values).toEqual({ bridge_mrr: 5 });
    expect(refused.refusals).toEqual([
      `bridge_plan would be ${STRING_LIMIT + 1} characters; Intercom takes ${STRING_LIMIT} at most`,
    ]);
    expect(changesOf(attributes, { plan_name: exact }, {}).change?.values).toEqual({
      bridge_plan: exact,
    });
  });
});
