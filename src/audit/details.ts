import type { AuditDetail } from "../db/schema/audit.ts";
import type { BulkReplayed } from "../webhooks/replay-bulk.ts";
import type { ReplayFilter } from "../webhooks/replay-filter.ts";

/**
 * The details of actions that more than one edge records (the API and the dashboard), in one
 * place so both say the same. Filters and counts only.
 */
export function bulkReplayDetail(filter: ReplayFilter, result?: BulkReplayed): AuditDetail {
  return {
    status: filter.status,
    workspace_id: filter.workspaceId ?? null,
    topic: filter.topic ?? null,
    since: filter.since?.toISOString() ?? null,
    until: filter.until?.toISOString() ?? null,
    limit: filter.limit,
    ...(result ? { replayed: result.replayed, more: result.more } : {}),
  };
}

/** A sync start: what kind and mode, and the window when it was narrowed. */
export function syncStartDetail(
  kind: string,
  mode: string,
  window: { rangeFrom: number | null; rangeTo: number | null; hoursBack: number | null },
): AuditDetail {
  return {
    kind,
    mode,
    range_from: window.rangeFrom,
    range_to: window.rangeTo,
    hours_back: window.hoursBack,
  };
}
