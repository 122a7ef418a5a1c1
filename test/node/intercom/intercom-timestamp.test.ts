import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  requiredTimestamp,
  secondsOf,
  timestamp,
} from "../../../src/intercom/schemas/timestamp.ts";
import { fromUnixSeconds } from "../../../src/shared/clock.ts";

/** The two ISO forms real webhooks mix in one contact. */
const offsetForm = (d: Date) => d.toISOString().replace("Z", "+00:00");

describe("one parser for every Intercom time", () => {
  it("reads Unix seconds as a number or a numeric string", () => {
    expect(secondsOf(1_692_131_388)).toBe(1_692_131_388);
    expect(secondsOf("1692131388")).toBe(1_692_131_388);
  });

  it("reads both ISO forms of one object to the same instant, milliseconds kept", () => {
    expect(fromUnixSeconds(secondsOf("2023-08-15T18:49:35.016+00:00"))?.toISOString()).toBe(
      "2023-08-15T18:49:35.016Z",
    );
    expect(fromUnixSeconds(secondsOf("2024-03-23T14:41:12.000Z"))?.toISOString()).toBe(
      "2024-03-23T14:41:12.000Z",
    );
  });

  it("honours offsets, missing seconds and long fractions", () => {
    const at = (s: string) => fromUnixSeconds(secondsOf(s))?.toISOString();
    expect(at("2026-01-10T06:22:28.240+02:00")).toBe("2026-01-10T04:22:28.240Z");
    expect(at("2026-01-09T23:52:28-0430")).toBe("2026-01-10T04:22:28.000Z");
    expect(at("2026-01-10T04:22Z")).toBe("2026-01-10T04:22:00.000Z");
    expect(at("2026-01-10T04:22:28.123456789Z")).toBe("2026-01-10T04:22:28.123Z");
  });

  it("takes null, absent, empty and 0 as not set", () => {
    for (const unset of [null, undefined, "", 0, "0"]) expect(secondsOf(unset)).toBeNull();
  });

  it("refuses what is no time at all", () => {
    for (const bad of ["yesterday", "2026-02-31T00:00:00Z", "2026-13-01T00:00:00Z", true, {}, NaN])
      expect(secondsOf(bad)).toBeUndefined();
    expect(timestamp.safeParse("soon").success).toBe(false);
    expect(requiredTimestamp.safeParse(null).success).toBe(false);
    expect(requiredTimestamp.safeParse(0).success).toBe(false);
    // Absent stays absent: a stored payload gains no keys.
    expect("t" in z.object({ t: timestamp }).parse({})).toBe(false);
    expect(z.object({ t: timestamp }).parse({ t: null }).t).toBeNull();
  });

  it("round-trips any instant through seconds and both ISO forms", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1971-01-01T00:00:00Z"),
          max: new Date("2100-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        (date) => {
          const whole = Math.floor(date.getTime() / 1000);
          expect(secondsOf(whole)).toBe(whole);
          expect(fromUnixSeconds(secondsOf(date.toISOString()))?.getTime()).toBe(date.getTime());
          expect(fromUnixSeconds(secondsOf(offsetForm(date)))?.getTime()).toBe(date.getTime());
        },
      ),
    );
  });
});
