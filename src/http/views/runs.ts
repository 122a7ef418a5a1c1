import type { RunProgress } from "../../sync/progress.ts";
import type { RunTotals } from "../../sync/runs.ts";

const isoOf = (seconds: number | null) =>
  seconds === null ? null : new Date(seconds * 1000).toISOString();

/** What part of the workspace a run covers: a created-at range, or hours back. */
export const runWindowView = (run: {
  rangeFrom: number | null;
  rangeTo: number | null;
  hoursBack: number | null;
}) => ({
  range:
    run.rangeFrom === null && run.rangeTo === null
      ? null
      : { since: isoOf(run.rangeFrom), until: isoOf(run.rangeTo) },
  hours_back: run.hoursBack,
});

/** A sync run as the API shows it (`GET /v1/sync/runs`, the run in its progress view). */
function runView(run: RunTotals) {
  return {
    run_id: run.id,
    kind: run.kind,
    mode: run.mode,
    trigger: run.trigger,
    status: run.status,
    ...runWindowView(run),
    pages: run.pages,
    contacts_synced: run.contactsSynced,
    created: run.created,
    updated: run.updated,
    skipped: run.skipped,
    skipped_no_email: run.skippedNoEmail,
    skipped_bad_email: run.skippedBadEmail,
    tombstoned: run.tombstoned,
    errors: run.errors,
    alerts: run.alertsGenerated,
    average_quality: run.averageQuality,
    duration_seconds: run.durationSeconds,
    last_error: run.lastError,
    rate_limited: run.rateLimited,
    failures: run.failures,
    ...(run.kind === "conversations"
      ? {
          conversations_synced: run.conversationsSynced,
          parts: run.parts,
          part_fetches: run.partFetches,
        }
      : {}),
    ...(run.kind === "companies"
      ? {
          companies_synced: run.companiesSynced,
          scroll_restarts: run.scrollRestarts,
          people_fetches: run.peopleFetches,
          accounts_derived: run.accountsDerived,
        }
      : {}),
  };
}

/** A run in the list: its view with its start and end. */
export const runListItemView = (run: RunTotals) => ({
  ...runView(run),
  started_at: run.startedAt,
  finished_at: run.finishedAt,
});

/** `GET /v1/sync/runs/:id`: the run with live progress (part jobs for conversation runs). */
export function runProgressView({ run, progress }: RunProgress) {
  const jobs = progress.partJobs;
  return {
    ...runListItemView(run),
    progress: {
      ...(jobs
        ? {
            part_jobs: jobs.total,
            part_jobs_done: jobs.done,
            part_jobs_failed: jobs.failed,
            failures: jobs.failures.map((f) => ({
              message: f.messageKey,
              error: f.error,
              recorded_at: f.recordedAt,
            })),
          }
        : {}),
      partitions: progress.partitions,
      partitions_done: progress.partitionsDone,
      pages_done: progress.pagesDone,
      records_done: progress.recordsDone,
      records_total: progress.recordsTotal,
      records_per_second: progress.recordsPerSecond,
      seconds_left: progress.secondsLeft,
    },
  };
}
