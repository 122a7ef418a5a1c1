import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const SYNC_KINDS = ["contacts", "conversations"] as const;
export const SYNC_MODES = ["incremental", "full"] as const;
export const SYNC_STATUSES = ["running", "succeeded", "failed"] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

/**
 * One sync run. The partial unique index allows a single running run per workspace and kind,
 * so a cron firing twice, or a manual run during a scheduled one, cannot start a second.
 */
export const syncRuns = pgTable(
  "sync_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id").notNull(),
    kind: text("kind", { enum: SYNC_KINDS }).notNull(),
    mode: text("mode", { enum: SYNC_MODES }).notNull(),
    trigger: text("trigger").notNull(),
    status: text("status", { enum: SYNC_STATUSES }).notNull().default("running"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** Search lower bound (unix seconds) of an incremental run; null for a full run. */
    since: bigint("since", { mode: "number" }),
    pages: integer("pages").notNull().default(0),
    contactsSynced: integer("contacts_synced").notNull().default(0),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    skippedNoEmail: integer("skipped_no_email").notNull().default(0),
    skippedBadEmail: integer("skipped_bad_email").notNull().default(0),
    errors: integer("errors").notNull().default(0),
    tombstoned: integer("tombstoned").notNull().default(0),
    alertsGenerated: integer("alerts_generated").notNull().default(0),
    qualitySum: integer("quality_sum").notNull().default(0),
    customersWritten: integer("customers_written").notNull().default(0),
    newestUpdatedAt: bigint("newest_updated_at", { mode: "number" }),
    expectedTotal: integer("expected_total"),
    lastError: text("last_error"),
    // Conversation runs.
    conversationsSynced: integer("conversations_synced").notNull().default(0),
    parts: integer("parts").notNull().default(0),
    partFetches: integer("part_fetches").notNull().default(0),
    rateLimited: integer("rate_limited").notNull().default(0),
    /** Messages that failed for good (recorded in sync_failures). */
    failures: integer("failures").notNull().default(0),
    /** Claimed by the one step that finishes the run (tombstones, watermark). */
    finishingAt: timestamp("finishing_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("sync_runs_one_running_idx")
      .on(t.workspaceId, t.kind)
      .where(sql`${t.status} = 'running'`),
    index("sync_runs_started_idx").on(t.startedAt.desc()),
  ],
);

export type SyncRun = typeof syncRuns.$inferSelect;
export type SyncKind = SyncRun["kind"];

/**
 * A cursor chain of a run. `pages` is the checkpoint's version: a page is applied only when
 * the message's page number equals it, in the same transaction as the page's rows, so a
 * re-delivered message is a no-op and a checkpoint never moves backwards.
 */
export const syncPartitions = pgTable(
  "sync_partitions",
  {
    runId: uuid("run_id").notNull(),
    partition: integer("partition").notNull(),
    createdFrom: bigint("created_from", { mode: "number" }),
    createdTo: bigint("created_to", { mode: "number" }),
    /** Conversation runs split their `updated_at` range instead. */
    updatedFrom: bigint("updated_from", { mode: "number" }),
    updatedTo: bigint("updated_to", { mode: "number" }),
    cursor: text("cursor"),
    pages: integer("pages").notNull().default(0),
    records: integer("records").notNull().default(0),
    total: integer("total"),
    done: boolean("done").notNull().default(false),
    /** Done because a page failed for good: the run ends failed and keeps its watermark. */
    failed: boolean("failed").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.partition] })],
);

export interface PartJobItem {
  id: string;
  /** The conversation's `updated_at` (unix seconds) when the page asked for its parts. */
  updatedAt: number;
}

/**
 * A batch of part fetches a conversation page asked for. Created in the page's transaction;
 * `done` flips once, so counters move once however often its message arrives. A run finishes
 * when its partitions and its jobs are all done.
 */
export const syncPartJobs = pgTable(
  "sync_part_jobs",
  {
    runId: uuid("run_id").notNull(),
    key: text("key").notNull(),
    conversations: jsonb("conversations").$type<PartJobItem[]>().notNull(),
    done: boolean("done").notNull().default(false),
    failed: boolean("failed").notNull().default(false),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.key] }),
    index("sync_part_jobs_open_idx").on(t.updatedAt).where(sql`not ${t.done}`),
  ],
);

/** What the dead-letter queue received, or failed for good: run, message and error. */
export const syncFailures = pgTable(
  "sync_failures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id").notNull(),
    messageKey: text("message_key").notNull(),
    message: jsonb("message").notNull(),
    error: text("error").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("sync_failures_message_idx").on(t.runId, t.messageKey)],
);

/** Contacts a full run saw; what it did not see no longer exists in Intercom. */
export const syncSeen = pgTable(
  "sync_seen",
  {
    runId: uuid("run_id").notNull(),
    contactId: text("contact_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.contactId] })],
);

/** Where the next incremental run starts: min(run start, newest updated_at seen). */
export const syncState = pgTable(
  "sync_state",
  {
    workspaceId: text("workspace_id").notNull(),
    kind: text("kind", { enum: SYNC_KINDS }).notNull(),
    watermark: bigint("watermark", { mode: "number" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.kind] })],
);
