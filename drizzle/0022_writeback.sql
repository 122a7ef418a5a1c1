CREATE TABLE "writeback_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"dry_run" boolean NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'planning' NOT NULL,
	"phase" text DEFAULT 'attributes' NOT NULL,
	"slice" integer DEFAULT 0 NOT NULL,
	"after_id" text,
	"attributes" jsonb,
	"contacts_total" integer DEFAULT 0 NOT NULL,
	"contacts_scanned" integer DEFAULT 0 NOT NULL,
	"contacts_planned" integer DEFAULT 0 NOT NULL,
	"contacts_unchanged" integer DEFAULT 0 NOT NULL,
	"contacts_skipped" integer DEFAULT 0 NOT NULL,
	"companies_scanned" integer DEFAULT 0 NOT NULL,
	"companies_planned" integer DEFAULT 0 NOT NULL,
	"companies_unchanged" integer DEFAULT 0 NOT NULL,
	"contacts_written" integer DEFAULT 0 NOT NULL,
	"companies_written" integer DEFAULT 0 NOT NULL,
	"writes_failed" integer DEFAULT 0 NOT NULL,
	"writes_dropped" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"refusals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sample" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"planned_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "writeback_targets" (
	"workspace_id" text NOT NULL,
	"model" text NOT NULL,
	"intercom_id" text NOT NULL,
	"written" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"written_at" timestamp with time zone,
	"planned" jsonb,
	"outbox_id" uuid,
	CONSTRAINT "writeback_targets_workspace_id_model_intercom_id_pk" PRIMARY KEY("workspace_id","model","intercom_id")
);
--> statement-breakpoint
CREATE TABLE "writeback_writes" (
	"run_id" uuid NOT NULL,
	"model" text NOT NULL,
	"intercom_id" text NOT NULL,
	"outbox_id" uuid NOT NULL,
	CONSTRAINT "writeback_writes_run_id_model_intercom_id_pk" PRIMARY KEY("run_id","model","intercom_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "writeback_runs_planning_idx" ON "writeback_runs" USING btree ("workspace_id") WHERE "writeback_runs"."status" = 'planning';--> statement-breakpoint
CREATE INDEX "writeback_runs_created_idx" ON "writeback_runs" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "writeback_writes_target_idx" ON "writeback_writes" USING btree ("model","intercom_id");