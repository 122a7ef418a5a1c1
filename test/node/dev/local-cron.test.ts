import { describe, expect, it } from "vitest";
import { parseCron } from "../../../scripts/dev/cron.ts";

const at = (iso: string) => new Date(iso);

describe("local cron matcher (fires wrangler.toml triggers under npm start)", () => {
  it("matches steps", () => {
    const every5 = parseCron("*/5 * * * *");
    expect(every5(at("2026-11-22T10:05:00Z"))).toBe(true);
    expect(every5(at("2026-11-22T10:07:00Z"))).toBe(false);
  });

  it("matches a weekly Sunday 02:00 UTC run, in UTC", () => {
    const weekly = parseCron("0 2 * * SUN");
    expect(weekly(at("2026-11-22T02:00:00Z"))).toBe(true); // a Sunday
    expect(weekly(at("2026-11-23T02:00:00Z"))).toBe(false);
    expect(parseCron("0 2 * * 7")(at("2026-11-22T02:00:00Z"))).toBe(true);
  });

  it("matches lists and ranges", () => {
    const cron = parseCron("0,30 9-17 * * 1-5");
    expect(cron(at("2026-11-23T09:30:00Z"))).toBe(true);
    expect(cron(at("2026-11-23T18:00:00Z"))).toBe(false);
  });

  it("rejects malformed expressions", () => {
    expect(() => parseCron("* * *")).toThrow(/5 cron fields/);
    expect(() => parseCron("61 * * * *")).toThrow(/out of range/);
  });
});
