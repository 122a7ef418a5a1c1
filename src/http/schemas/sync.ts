import { z } from "@hono/zod-openapi";
import { SYNC_KINDS, SYNC_MODES, SYNC_STATUSES } from "../../db/schema/sync.ts";
import { Instant, NullableInstant } from "./common.ts";

export const SyncStartBody = z
  .strictObject({ mode: z.enum(SYNC_MODES).default("incremental") })
  .openapi("SyncStartBody", { example: { mode: "incremental" } });

export const SyncStarted = z
  .object({
    id: z.uuid(),
    kind: z.enum(SYNC_KINDS),
    mode: z.enum(SYNC_MODES),
    status: z.enum(SYNC_STATUSES),
    started_at: Instant,
  })
  .openapi("SyncStarted");

const count = z.number();

/** A run's counters; the conversation ones only on conversation runs. */
export const Run = z
  .object({
    run_id: z.uuid(),
    kind: z.enum(SYNC_KINDS),
    mode: z.enum(SYNC_MODES),
    trigger: z.string(),
    status: z.enum(SYNC_STATUSES),
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
    rate_limited: count.optional(),
    failures: count.optional(),
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
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "is not a conversation id")
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
