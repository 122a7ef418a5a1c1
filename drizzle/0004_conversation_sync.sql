CREATE TABLE "admins" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text,
	"email" text,
	"away" boolean,
	"team_ids" text[],
	"written_at" timestamp with time zone NOT NULL,
	CONSTRAINT "admins_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "conversation_parts" (
	"workspace_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"id" text NOT NULL,
	"part_type" text,
	"body" text,
	"author_type" text,
	"author_id" text,
	"intercom_created_at" timestamp with time zone,
	"intercom_updated_at" timestamp with time zone,
	"attachments" jsonb,
	"redacted" boolean,
	"mentions_cancel" boolean,
	"written_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conversation_parts_workspace_id_conversation_id_id_pk" PRIMARY KEY("workspace_id","conversation_id","id")
);
--> statement-breakpoint
CREATE TABLE "conversation_tags" (
	"workspace_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"tag_id" text NOT NULL,
	CONSTRAINT "conversation_tags_workspace_id_conversation_id_tag_id_pk" PRIMARY KEY("workspace_id","conversation_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text,
	"admin_ids" text[],
	"written_at" timestamp with time zone NOT NULL,
	CONSTRAINT "teams_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "sync_failures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"message_key" text NOT NULL,
	"message" jsonb NOT NULL,
	"error" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_part_jobs" (
	"run_id" uuid NOT NULL,
	"key" text NOT NULL,
	"conversations" jsonb NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"failed" boolean DEFAULT false NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_part_jobs_run_id_key_pk" PRIMARY KEY("run_id","key")
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "source_type" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "author_type" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "author_id" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "source_body" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "opening_mentions_cancel" boolean;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "tag_ids" text[];--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "waiting_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "snoozed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "statistics" jsonb;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "first_response_seconds" integer;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "time_to_close_seconds" integer;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "last_closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "reopens" integer;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "rating" double precision;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "rating_remark" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "rated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "parts_stored_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "parts_truncated" boolean;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "parts_total" integer;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "median_first_response_seconds" integer;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "median_time_to_close_seconds" integer;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "reopens" integer;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "support_refreshed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sync_partitions" ADD COLUMN "updated_from" bigint;--> statement-breakpoint
ALTER TABLE "sync_partitions" ADD COLUMN "updated_to" bigint;--> statement-breakpoint
ALTER TABLE "sync_partitions" ADD COLUMN "failed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "conversations_synced" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "parts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "part_fetches" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "rate_limited" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "conversation_parts_created_idx" ON "conversation_parts" USING btree ("workspace_id","conversation_id","intercom_created_at");--> statement-breakpoint
CREATE INDEX "conversation_tags_tag_idx" ON "conversation_tags" USING btree ("workspace_id","tag_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_failures_message_idx" ON "sync_failures" USING btree ("run_id","message_key");--> statement-breakpoint
CREATE INDEX "sync_part_jobs_open_idx" ON "sync_part_jobs" USING btree ("updated_at") WHERE not "sync_part_jobs"."done";