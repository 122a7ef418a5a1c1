import { DAY_MS } from "../shared/clock.ts";
/**
 * Intercom retries a failed delivery about a minute later and can replay older ones; a
 * delivery row is its own dedupe key, so it must outlive any replay we expect. Eight days
 * covers a week of replays with a day to spare.
 */
export const MIN_DELIVERY_RETENTION_DAYS = 8;

/**
 * Operator actions are kept 400 days: a year of "who did that?", with a month to spare for
 * a question asked about last year's same season (an annual review, a renewal audit). Not a
 * setting: an audit log its own subject could shorten would answer less.
 */
export const AUDIT_RETENTION_DAYS = 400;

export interface RetentionSettings {
  /** Applied or ignored webhook deliveries, by `received_at`. */
  deliveriesDays: number;
  /** Delivered outbox rows, by `delivered_at`; their idempotency keys go with them. */
  outboxDays: number;
  /** Part jobs of finished runs, by the run's `finished_at`. */
  partJobsDays: number;
  /** Finished runs with their partitions, by `finished_at`, the latest of each kind kept. */
  runsDays: number;
  /** Rows one statement deletes at most. */
  batchSize: number;
  /** Wall time one invocation may spend; the next day continues where it stopped. */
  budgetMs: number;
  /** Statements one invocation runs at most, whatever the time. */
  maxBatches: number;
}

/**
 * The settings Config carries (validated there), named here so retention does not import the
 * config module that imports MIN_DELIVERY_RETENTION_DAYS from it.
 */
type RetentionConfig = Record<
  | "RETENTION_DAYS_DELIVERIES"
  | "RETENTION_DAYS_OUTBOX"
  | "RETENTION_DAYS_PART_JOBS"
  | "RETENTION_DAYS_RUNS"
  | "RETENTION_BATCH_SIZE"
  | "RETENTION_BUDGET_SECONDS",
  number
>;

export function retentionSettingsFrom(config: RetentionConfig): RetentionSettings {
  return {
    deliveriesDays: config.RETENTION_DAYS_DELIVERIES,
    outboxDays: config.RETENTION_DAYS_OUTBOX,
    partJobsDays: config.RETENTION_DAYS_PART_JOBS,
    runsDays: config.RETENTION_DAYS_RUNS,
    batchSize: config.RETENTION_BATCH_SIZE,
    budgetMs: config.RETENTION_BUDGET_SECONDS * 1000,
    maxBatches: 10_000,
  };
}

interface Cutoffs {
  deliveries: Date;
  outbox: Date;
  partJobs: Date;
  runs: Date;
  trackBudgets: Date;
  audit: Date;
}

export function cutoffsAt(now: Date, settings: RetentionSettings): Cutoffs {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return {
    deliveries: before(Math.max(settings.deliveriesDays, MIN_DELIVERY_RETENTION_DAYS)),
    outbox: before(settings.outboxDays),
    // A run is deleted only once its part jobs are gone, so they never outlive it.
    partJobs: before(Math.min(settings.partJobsDays, settings.runsDays)),
    runs: before(settings.runsDays),
    // Budgets count per minute; a day back leaves every open window alone, whatever the clocks.
    trackBudgets: before(1),
    audit: before(AUDIT_RETENTION_DAYS),
  };
}
