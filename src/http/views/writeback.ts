import type { WritebackPhase } from "../../db/schema/writeback.ts";
import type { WritebackProgress } from "../../writeback/read.ts";

/** A write-back run as `GET /v1/writeback/{run_id}` shows it. */
export function writebackRunView(progress: WritebackProgress) {
  const { run, writes } = progress;
  const phase: WritebackPhase | "writing" = progress.status === "writing" ? "writing" : run.phase;
  return {
    run_id: run.id,
    status: progress.status,
    dry_run: run.dryRun,
    trigger: run.trigger,
    attributes: run.attributes ?? null,
    contacts_planned: run.contactsPlanned,
    contacts_written: writes.contactsWritten,
    contacts_unchanged: run.contactsUnchanged,
    contacts_skipped: run.contactsSkipped,
    companies_planned: run.companiesPlanned,
    companies_written: writes.companiesWritten,
    companies_unchanged: run.companiesUnchanged,
    failures: {
      count: writes.failed,
      items: progress.failures.map((f) => ({
        model: f.model,
        intercom_id: f.intercomId,
        error: f.error,
      })),
    },
    refused: { count: run.refused, items: run.refusals },
    progress: {
      phase,
      contacts_scanned: run.contactsScanned,
      contacts_total: run.contactsTotal,
      companies_scanned: run.companiesScanned,
      writes_pending: writes.pending,
      writes_dropped: writes.dropped,
      fraction: progress.fraction,
    },
    sample: run.sample,
    error: progress.error,
    created_at: run.createdAt.toISOString(),
    planned_at: run.plannedAt?.toISOString() ?? null,
    finished_at: progress.finishedAt?.toISOString() ?? null,
  };
}
