import { sql } from "drizzle-orm";
import * as pg from "drizzle-orm/pg-core";

/** What the run is doing: planning in slices, then waiting for its outbox rows, then done. */
export const WRITEBACK_STATUSES = ["planning", "writing", "succeeded", "failed"] as const;
export type WritebackStatus = (typeof WRITEBACK_STATUSES)[number];

/** Where planning stands: the attribute check, then contacts, then companies (accounts). */
export const WRITEBACK_PHASES = ["attributes", "contacts", "companies", "done"] as const;
export type WritebackPhase = (typeof WRITEBACK_PHASES)[number];

export const WRITEBACK_TRIGGERS = ["manual", "after_sync"] as const;
export type WritebackTrigger = (typeof WRITEBACK_TRIGGERS)[number];

export const WRITEBACK_MODELS = ["contact", "company"] as const;
export type WritebackModel = (typeof WRITEBACK_MODELS)[number];

/** A value as Intercom's custom attributes hold it (no arrays or objects). */
export type AttributeValue = string | number | boolean | null;
export type AttributeValues = Record<string, AttributeValue>;

/** A contact or company with its values before and after, for the dry run's preview. */
export interface WritebackSample {
  model: WritebackModel;
  intercom_id: string;
  old: AttributeValues;
  new: AttributeValues;
}

/** A value planning would not send, and why (Intercom would refuse it). */
export interface WritebackRefusal {
  model: WritebackModel;
  intercom_id: string;
  error: string;
}

/** What the attribute check found: the names a run writes, and those it created. */
export interface AttributePlan {
  contact: string[];
  company: string[];
  /** Created by this run (or, in a dry run, that a real run would create). */
  created: string[];
}

/**
 * One write-back run: our figures onto Intercom's contacts and companies. Planning walks the
 * contacts, then the accounts, in slices (`slice`, `after_id`), each comparing what we would
 * write with what Intercom last took from us (`writeback_targets`) and storing an outbox row
 * per contact that differs. At most one run plans at a time per workspace.
 */
export const writebackRuns = pg.pgTable(
  "writeback_runs",
  {
    id: pg.uuid("id").primaryKey().defaultRandom(),
    workspaceId: pg.text("workspace_id").notNull(),
    dryRun: pg.boolean("dry_run").notNull(),
    trigger: pg.text("trigger", { enum: WRITEBACK_TRIGGERS }).notNull(),
    status: pg.text("status", { enum: WRITEBACK_STATUSES }).notNull().default("planning"),
    phase: pg.text("phase", { enum: WRITEBACK_PHASES }).notNull().default("attributes"),
    /** Slices committed: a message for an older slice is a stale copy and does nothing. */
    slice: pg.integer("slice").notNull().default(0),
    /** The last contact (or account) id the current phase planned. */
    afterId: pg.text("after_id"),
    attributes: pg.jsonb("attributes").$type<AttributePlan>(),
    /** Contacts with figures when the run started, for the progress of planning. */
    contactsTotal: pg.integer("contacts_total").notNull().default(0),
    contactsScanned: pg.integer("contacts_scanned").notNull().default(0),
    contactsPlanned: pg.integer("contacts_planned").notNull().default(0),
    contactsUnchanged: pg.integer("contacts_unchanged").notNull().default(0),
    /** Erased or suppressed people among the changed ones: never written. */
    contactsSkipped: pg.integer("contacts_skipped").notNull().default(0),
    companiesScanned: pg.integer("companies_scanned").notNull().default(0),
    companiesPlanned: pg.integer("companies_planned").notNull().default(0),
    companiesUnchanged: pg.integer("companies_unchanged").notNull().default(0),
    /**
     * How its writes ended, counted once they all have (src/writeback/settle.ts): a run's
     * writes are counted from their outbox rows while it writes, which reads them all.
     */
    contactsWritten: pg.integer("contacts_written").notNull().default(0),
    companiesWritten: pg.integer("companies_written").notNull().default(0),
    writesFailed: pg.integer("writes_failed").notNull().default(0),
    writesDropped: pg.integer("writes_dropped").notNull().default(0),
    /** Values left out because Intercom would refuse them; a sample is in `refusals`. */
    refused: pg.integer("refused").notNull().default(0),
    refusals: pg.jsonb("refusals").$type<WritebackRefusal[]>().notNull().default([]),
    sample: pg.jsonb("sample").$type<WritebackSample[]>().notNull().default([]),
    error: pg.text("error"),
    createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: pg.timestamp("updated_at", { withTimezone: true }).notNull(),
    plannedAt: pg.timestamp("planned_at", { withTimezone: true }),
    finishedAt: pg.timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    pg
      .uniqueIndex("writeback_runs_planning_idx")
      .on(t.workspaceId)
      .where(sql`${t.status} = 'planning'`),
    // The latest runs first: read backwards (a DESC NULLS LAST index cannot serve `desc`).
    pg.index("writeback_runs_created_idx").on(t.workspaceId, t.createdAt),
  ],
);

/**
 * Per contact or company: the values Intercom took from us (`written`, recorded when the write
 * was delivered) and the outbox row carrying the latest planned ones (`planned`). Only that
 * row may write: an older one still on its way finds itself superseded.
 */
export const writebackTargets = pg.pgTable(
  "writeback_targets",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    model: pg.text("model", { enum: WRITEBACK_MODELS }).notNull(),
    intercomId: pg.text("intercom_id").notNull(),
    written: pg.jsonb("written").$type<AttributeValues>().notNull().default({}),
    writtenAt: pg.timestamp("written_at", { withTimezone: true }),
    planned: pg.jsonb("planned").$type<AttributeValues>(),
    outboxId: pg.uuid("outbox_id"),
  },
  (t) => [pg.primaryKey({ columns: [t.workspaceId, t.model, t.intercomId] })],
);

/** The writes a run planned, each with its outbox row: the run's progress and failures. */
export const writebackWrites = pg.pgTable(
  "writeback_writes",
  {
    runId: pg.uuid("run_id").notNull(),
    model: pg.text("model", { enum: WRITEBACK_MODELS }).notNull(),
    intercomId: pg.text("intercom_id").notNull(),
    outboxId: pg.uuid("outbox_id").notNull(),
  },
  (t) => [
    pg.primaryKey({ columns: [t.runId, t.model, t.intercomId] }),
    // An erasure finds a contact's writes across runs.
    pg.index("writeback_writes_target_idx").on(t.model, t.intercomId),
  ],
);
