import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/env.ts";
import { jobsFor } from "../../../src/cron/schedules.ts";
import { cutoffsAt, retentionSettingsFrom } from "../../../src/retention/settings.ts";
import { configEnv } from "../../support/config-env.ts";

const env = configEnv;

const DAY = 86_400_000;

describe("retention settings", () => {
  it("defaults to 30 days of deliveries and outbox, 7 of part jobs, 90 of runs", () => {
    const settings = retentionSettingsFrom(loadConfig(env()));
    expect(settings).toMatchObject({
      deliveriesDays: 30,
      outboxDays: 30,
      partJobsDays: 7,
      runsDays: 90,
      batchSize: 1000,
      budgetMs: 30_000,
    });
  });

  it("reads each setting from the environment", () => {
    const config = loadConfig(
      env({
        RETENTION_DAYS_DELIVERIES: "14",
        RETENTION_DAYS_OUTBOX: "60",
        RETENTION_DAYS_PART_JOBS: "2",
        RETENTION_DAYS_RUNS: "365",
        RETENTION_BATCH_SIZE: "500",
        RETENTION_BUDGET_SECONDS: "10",
      }),
    );
    expect(retentionSettingsFrom(config)).toMatchObject({
      deliveriesDays: 14,
      outboxDays: 60,
      partJobsDays: 2,
      runsDays: 365,
      batchSize: 500,
      budgetMs: 10_000,
    });
  });

  it("refuses fewer than 8 days of deliveries, naming the setting and the reason", () => {
    expect(() => loadConfig(env({ RETENTION_DAYS_DELIVERIES: "7" }))).toThrow(
      /RETENTION_DAYS_DELIVERIES: must be at least 8 days so duplicate deliveries/,
    );
  });

  it("refuses zero, fractional and non-numeric values", () => {
    for (const bad of [
      { RETENTION_DAYS_OUTBOX: "0" },
      { RETENTION_DAYS_RUNS: "1.5" },
      { RETENTION_BATCH_SIZE: "lots" },
      { RETENTION_BUDGET_SECONDS: "0" },
    ])
      expect(() => loadConfig(env(bad)), JSON.stringify(bad)).toThrow(Object.keys(bad)[0]);
  });

  it("clamps a delivery retention below 8 days passed in code, and never outlives runs", () => {
    const now = new Date("2026-11-22T04:30:00Z");
    const base = retentionSettingsFrom(loadConfig(env()));
    const cut = cutoffsAt(now, { ...base, deliveriesDays: 2, partJobsDays: 30, runsDays: 10 });
    expect(now.getTime() - cut.deliveries.getTime()).toBe(8 * DAY);
    expect(now.getTime() - cut.partJobs.getTime()).toBe(10 * DAY);
  });

  it("runs the purge daily at 04:30 UTC (with the daily company scan)", () => {
    expect(jobsFor("30 4 * * *")).toEqual(["purge", "companies.incremental"]);
  });
});
