import { sql } from "drizzle-orm";
import * as pg from "drizzle-orm/pg-core";

export const SYNC_KINDS = ["contacts", "conversations", "companies"] as const;
export const SYNC_MODES = ["incremental", "full"] as const;
export const SYNC_STATUSES = ["running", "succeeded", "failed"] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

/**
 * One sync run. The partial unique index allows a single running run per workspace and kind,
 * so a cron firing twice, or a manual run during a scheduled one, cannot start a second.
 */
export const syncRuns = pg.pgTable(
  "sync_runs",
  {
    id: pg.uuid("id").primaryKey().defaultRandom(),
    workspaceId: pg.text("workspace_id").notNull(),
    kind: pg.text("kind", { enum: SYNC_KINDS }).notNull(),
    mode: pg.text("mode", { enum: SYNC_MODES }).notNull(),
    trigger: pg.text("trigger").notNull(),
    status: pg.text("status", { enum: SYNC_STATUSES }).notNull().default("running"),
    startedAt: pg.timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: pg.timestamp("finished_at", { withTimezone: true }),
    /** Search lower bound (unix seconds) of an incremental run; null for a full run. */
    since: pg.bigint("since", { mode: "number" }),
    /**
     * A ranged full run's `created_at` range (unix seconds, from inclusive, to exclusive);
     * either may be open. A ranged run never moves the watermark and never tombstones.
     */
    rangeFrom: pg.bigint("range_from", { mode: "number" }),
    rangeTo: pg.bigint("range_to", { mode: "number" }),
    /** An incremental run from this many hours back instead of the watermark (left as it is). */
    hoursBack: pg.integer("hours_back"),
    pages: pg.integer("pages").notNull().default(0),
    contactsSynced: pg.integer("contacts_synced").notNull().default(0),
    created: pg.integer("created").notNull().default(0),
    updated: pg.integer("updated").notNull().default(0),
    skipped: pg.integer("skipped").notNull().default(0),
    skippedNoEmail: pg.integer("skipped_no_email").notNull().default(0),
    skippedBadEmail: pg.integer("skipped_bad_email").notNull().default(0),
    errors: pg.integer("errors").notNull().default(0),
    tombstoned: pg.integer("tombstoned").notNull().default(0),
    alertsGenerated: pg.integer("alerts_generated").notNull().default(0),
    qualitySum: pg.integer("quality_sum").notNull().default(0),
    customersWritten: pg.integer("customers_written").notNull().default(0),
    newestUpdatedAt: pg.bigint("newest_updated_at", { mode: "number" }),
    expectedTotal: pg.integer("expected_total"),
    lastError: pg.text("last_error"),
    // Conversation runs.
    conversationsSynced: pg.integer("conversations_synced").notNull().default(0),
    parts: pg.integer("parts").notNull().default(0),
    partFetches: pg.integer("part_fetches").notNull().default(0),
    rateLimited: pg.integer("rate_limited").notNull().default(0),
    // Company runs.
    companiesSynced: pg.integer("companies_synced").notNull().default(0),
    /** Scrolls started over: Intercom expired or broke one, and a scroll cannot resume. */
    scrollRestarts: pg.integer("scroll_restarts").notNull().default(0),
    /** Companies whose people were read from Intercom (their contact lists were short). */
    peopleFetches: pg.integer("people_fetches").notNull().default(0),
    accountsDerived: pg.integer("accounts_derived").notNull().default(0),
    /** Messages that failed for good (recorded in sync_failures). */
    failures: pg.integer("failures").notNull().default(0),
    /**
     * The finish's last sign of life: a slice claimed or committed, or a message re-sent by the
     * minute sweep. A finish idle for the stall period is re-sent (src/sync/stalled.ts).
     */
    finishingAt: pg.timestamp("finishing_at", { withTimezone: true }),
    /** Set while one finish slice runs (src/sync/claim.ts): nobody else starts one before it. */
    finishLeaseUntil: pg.timestamp("finish_lease_until", { withTimezone: true }),
    /** Finish slices committed: the number the next slice's message carries. */
    finishSlices: pg.integer("finish_slices").notNull().default(0),
    /** Where the next slice starts: the last contact id checked, or the next page of deletions. */
    finishCursor: pg.text("finish_cursor"),
  },
  (t) => [
    pg
      .uniqueIndex("sync_runs_one_running_idx")
      .on(t.workspaceId, t.kind)
      .where(sql`${t.status} = 'running'`),
    pg.index("sync_runs_started_idx").on(t.startedAt.desc()),
    // A workspace's runs newest first, read backwards (the dashboard, /v1/sync/runs, the
    // latest of each kind).
    pg.index("sync_runs_workspace_started_idx").on(t.workspaceId, t.startedAt, t.id),
  ],
);

export type SyncRun = typeof syncRuns.$inferSelect;
export type SyncKind = SyncRun["kind"];

/**
 * A cursor chain of a run. `pages` is the checkpoint's version: a page is applied only when
 * the message's page number equals it, in the same transaction as the page's rows, so a
 * re-delivered message is a no-op and a checkpoint never moves backwards.
 */
export const syncPartitions = pg.pgTable(
  "sync_partitions",
  {
    runId: pg.uuid("run_id").notNull(),
    partition: pg.integer("partition").notNull(),
    createdFrom: pg.bigint("created_from", { mode: "number" }),
    createdTo: pg.bigint("created_to", { mode: "number" }),
    /** Conversation runs split their `updated_at` range instead. */
    updatedFrom: pg.bigint("updated_from", { mode: "number" }),
    updatedTo: pg.bigint("updated_to", { mode: "number" }),
    cursor: pg.text("cursor"),
    pages: pg.integer("pages").notNull().default(0),
    records: pg.integer("records").notNull().default(0),
    total: pg.integer("total"),
    done: pg.boolean("done").notNull().default(false),
    /** Done because a page failed for good: the run ends failed and keeps its watermark. */
    failed: pg.boolean("failed").notNull().default(false),
    /**
     * A company scroll's chain only (src/sync/companies/scroll.ts): held while one delivery
     * reads it, since every read moves Intercom's scroll and a second reader would skip pages.
     */
    leaseUntil: pg.timestamp("lease_until", { withTimezone: true }),
    updatedAt: pg.timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [pg.primaryKey({ columns: [t.runId, t.partition] })],
);

export interface PartJobItem {
  id: string;
  /** The conversation's `updated_at` (unix seconds) when the page asked for its parts. */
  updatedAt: number;
}

/**
 * A batch of part fetches a conversation page asked for. Created in the page's transaction;
 * `done` flips once, so counters move once however often its message arrives. A run finishes
 * when its partitions and its jobs are all done. A delivery cut short by its byte budget
 * leaves in `conversations` only what it did not fetch (src/sync/conversations/parts.ts).
 */
export const syncPartJobs = pg.pgTable(
  "sync_part_jobs",
  {
    runId: pg.uuid("run_id").notNull(),
    key: pg.text("key").notNull(),
    conversations: pg.jsonb("conversations").$type<PartJobItem[]>().notNull(),
    done: pg.boolean("done").notNull().default(false),
    failed: pg.boolean("failed").notNull().default(false),
    lastError: pg.text("last_error"),
    createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: pg.timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    pg.primaryKey({ columns: [t.runId, t.key] }),
    pg.index("sync_part_jobs_open_idx").on(t.updatedAt).where(sql`not ${t.done}`),
  ],
);

/** What the dead-letter queue received, or failed for good: run, message and error. */
export const syncFailures = pg.pgTable(
  "sync_failures",
  {
    id: pg.uuid("id").primaryKey().defaultRandom(),
    runId: pg.uuid("run_id").notNull(),
    messageKey: pg.text("message_key").notNull(),
    message: pg.jsonb("message").notNull(),
    error: pg.text("error").notNull(),
    recordedAt: pg.timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [pg.uniqueIndex("sync_failures_message_idx").on(t.runId, t.messageKey)],
);

/** Contacts a full run saw; what it did not see no longer exists in Intercom. */
export const syncSeen = pg.pgTable(
  "sync_seen",
  {
    runId: pg.uuid("run_id").notNull(),
    contactId: pg.text("contact_id").notNull(),
  },
  (t) => [pg.primaryKey({ columns: [t.runId, t.contactId] })],
);

/** Where the next incremental run starts: min(run start, newest updated_at seen). */
export const syncState = pg.pgTable(
  "sync_state",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    kind: pg.text("kind", { enum: SYNC_KINDS }).notNull(),
    watermark: pg.bigint("watermark", { mode: "number" }).notNull(),
    updatedAt: pg.timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [pg.primaryKey({ columns: [t.workspaceId, t.kind] })],
);
