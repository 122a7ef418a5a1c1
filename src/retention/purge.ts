import type { Executor } from "../db/client.ts";
import { errorMessage } from "../shared/errors.ts";
import type { Logger } from "../shared/logger.ts";
import { purgeAudit } from "./audit.ts";
import { purgeDeliveries } from "./inbox.ts";
import { purgeOutbox } from "./outbox.ts";
import { cutoffsAt, type RetentionSettings } from "./settings.ts";
import { purgePartJobs, purgeSeen, purgeSeenCompanies } from "./sync-details.ts";
import { purgeRuns } from "./sync-runs.ts";
import { purgeTrackBudgets } from "./track-budgets.ts";
import { purgeWriteback } from "./writeback-runs.ts";

const PURGED_TABLES = [
  "webhook_deliveries",
  "outbox_messages",
  "sync_seen",
  "sync_seen_companies",
  "sync_part_jobs",
  "sync_runs",
  "sync_partitions",
  "writeback_writes",
  "writeback_runs",
  "track_budgets",
  "audit_events",
] as const;
type PurgedTable = (typeof PURGED_TABLES)[number];

interface Batch {
  /** Whether another batch may find more (false: this table is done for today). */
  more: boolean;
  counts: Partial<Record<PurgedTable, number>>;
}

interface PurgeResult {
  deleted: Record<PurgedTable, number>;
  /** False when the budget ran out first (the next run continues) or a step failed. */
  complete: boolean;
  batches: number;
  failed: string[];
  elapsed_ms: number;
}

interface PurgeDeps {
  db: Executor;
  now: Date;
  settings: RetentionSettings;
  logger: Logger;
}

/**
 * Deletes settled rows past their retention, one bounded batch per table in turn, so that
 * one table's backlog cannot starve the others, until every table is done or the budget is
 * spent. Dead letters are never selected: only an operator removes them.
 */
export async function purgeExpired({ db, now, settings, logger }: PurgeDeps): Promise<PurgeResult> {
  const started = Date.now();
  const cut = cutoffsAt(now, settings);
  const limit = settings.batchSize;
  // Details before runs: a run is deleted only once its seen list and part jobs are gone.
  let steps: Array<{ name: string; batch: () => Promise<Batch> }> = [
    {
      name: "applied deliveries",
      batch: () => purgeDeliveries(db, "applied", cut.deliveries, limit),
    },
    {
      name: "ignored deliveries",
      batch: () => purgeDeliveries(db, "ignored", cut.deliveries, limit),
    },
    { name: "outbox_messages", batch: () => purgeOutbox(db, cut.outbox, limit) },
    { name: "sync_seen", batch: () => purgeSeen(db, limit) },
    { name: "sync_seen_companies", batch: () => purgeSeenCompanies(db, limit) },
    { name: "sync_part_jobs", batch: () => purgePartJobs(db, cut.partJobs, limit) },
    { name: "sync_runs", batch: () => purgeRuns(db, cut.runs, limit) },
    { name: "writeback_runs", batch: () => purgeWriteback(db, cut.runs, limit) },
    { name: "track_budgets", batch: () => purgeTrackBudgets(db, cut.trackBudgets, limit) },
    { name: "audit_events", batch: () => purgeAudit(db, cut.audit, limit) },
  ];
  const deleted = Object.fromEntries(PURGED_TABLES.map((t) => [t, 0])) as PurgeResult["deleted"];
  const failed: string[] = [];
  let batches = 0;
  const spent = () => Date.now() - started >= settings.budgetMs || batches >= settings.maxBatches;
  while (steps.length > 0 && !spent()) {
    const finished = new Set<string>();
    for (const step of steps) {
      if (spent()) break;
      batches += 1;
      try {
        const result = await step.batch();
        for (const [table, n] of Object.entries(result.counts)) deleted[table as PurgedTable] += n;
        if (!result.more) finished.add(step.name);
      } catch (error) {
        // One table failing (a timeout, a lock) must not stop the others.
        logger.error("retention purge step failed", {
          table: step.name,
          error: errorMessage(error),
        });
        failed.push(step.name);
        finished.add(step.name);
      }
    }
    steps = steps.filter((s) => !finished.has(s.name));
  }
  const result: PurgeResult = {
    deleted,
    complete: steps.length === 0 && failed.length === 0,
    batches,
    failed,
    elapsed_ms: Date.now() - started,
  };
  logger.info("retention purge finished", { ...result });
  return result;
}
