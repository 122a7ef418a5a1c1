import { z } from "@hono/zod-openapi";
import { SYNC_KINDS, SYNC_MODES, SYNC_STATUSES } from "../../db/schema/sync.ts";
import { CONVERSATION_ID } from "../../intercom/schemas/common.ts";
import { syncRequestFields } from "../../sync/window.ts";
import { Instant, NullableInstant } from "./common.ts";

/**
 * The fields as src/sync/window.ts defines them; how they combine (a range needs mode full,
 * `hours_back` an incremental run, `since` not in the future) is checked by the route.
 */
export const SyncStartBody = z.strictObject(syncRequestFields.shape).openapi("SyncStartBody", {
  description:
    "`mode` defaults to incremental, or full with `since`/`until` (ISO dates or Unix seconds: a full run over that created-at range, which never moves the watermark or tombstones). `hours_back`: an incremental run from that many hours ago instead of the watermark.",
  example: { mode: "full", since: "2026-11-01", until: "2026-11-30" },
});

/** What part of the workspace a run covers. */
const RunWindow = {
  range: z.object({ since: NullableInstant, until: NullableInstant }).nullable(),
  hours_back: z.int().nullable(),
};

export const SyncStarted = z
  .object({
    id: z.uuid(),
    kind: z.enum(SYNC_KINDS),
    mode: z.enum(SYNC_MODES),
    status: z.enum(SYNC_STATUSES),
    started_at: Instant,
    ...RunWindow,
  })
  .openapi("SyncStarted");

const count = z.number();

/** A run's counters; the conversation ones only on conversation runs, the company ones only on company runs. */
export const Run = z
  .object({
    run_id: z.uuid(),
    kind: z.enum(SYNC_KINDS),
    mode: z.enum(SYNC_MODES),
    trigger: z.string(),
    status: z.enum(SYNC_STATUSES),
    ...RunWindow,
    pages: count,
    contacts_synced: count,
    created: count,
    updated: count,
    skipped: count,
    skipped_no_email: count,
    skipped_bad_email: count,
    tombstoned: count,
    errors: count,
    alerts: count,
    average_quality: z.number().nullable(),
    duration_seconds: z.number(),
    last_error: z.string().nullable(),
    conversations_synced: count.optional(),
    parts: count.optional(),
    part_fetches: count.optional(),
    companies_synced: count.optional(),
    scroll_restarts: count
      .optional()
      .describe("Scrolls started over: Intercom expired or broke one, and a scroll cannot resume"),
    people_fetches: count
      .optional()
      .describe("Companies whose people were read from Intercom (their contacts list only 10)"),
    accounts_derived: count.optional(),
    rate_limited: count,
    failures: count,
    started_at: Instant,
    finished_at: NullableInstant,
  })
  .openapi("Run");

export const RunProgress = Run.extend({
  progress: z.object({
    part_jobs: count.optional(),
    part_jobs_done: count.optional(),
    part_jobs_failed: count.optional(),
    failures: z
      .array(z.object({ message: z.string(), error: z.string().nullable(), recorded_at: Instant }))
      .optional(),
    partitions: count,
    partitions_done: count,
    pages_done: count,
    records_done: count,
    records_total: count.nullable(),
    records_per_second: z.number().nullable(),
    seconds_left: z.number().nullable(),
  }),
}).openapi("RunProgress");

export const RunIdParam = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
});

export const ConversationIdParam = z.object({
  id: z
    .string()
    .regex(CONVERSATION_ID, "is not a conversation id")
    .openapi({ param: { name: "id", in: "path" }, example: "215469847283451" }),
});

export const ConversationSynced = z
  .object({
    id: z.string(),
    updated_at: Instant,
    parts: count,
    parts_truncated: z.boolean(),
    alerts: count,
  })
  .openapi("ConversationSynced");
