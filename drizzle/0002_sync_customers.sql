CREATE TABLE "alerts" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"workspace_id" text NOT NULL,
	"email" text NOT NULL,
	"kind" text NOT NULL,
	"change_key" text NOT NULL,
	"message" text NOT NULL,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"workspace_id" text NOT NULL,
	"email" text NOT NULL,
	"contact_id" text,
	"contact_updated_at" timestamp with time zone,
	"name" text,
	"stripe_customer_id" text,
	"mrr" double precision,
	"previous_mrr" double precision,
	"arr" double precision,
	"ltv" double precision,
	"active_subscriptions" integer,
	"plan_name" text,
	"plan_price" double precision,
	"subscription_status" text,
	"delinquent" boolean,
	"last_payment_amount" double precision,
	"last_payment_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"signed_up_at" timestamp with time zone,
	"country" text,
	"city" text,
	"conversations_total" integer,
	"conversations_30d" integer,
	"conversations_open" integer,
	"cancel_intent_30d" boolean,
	"average_csat" double precision,
	"quality_score" integer,
	"synced_at" timestamp with time zone,
	"account_owner" text,
	"segment" text,
	"extra" jsonb,
	CONSTRAINT "customers_workspace_id_email_pk" PRIMARY KEY("workspace_id","email")
);
--> statement-breakpoint
CREATE TABLE "sync_partitions" (
	"run_id" uuid NOT NULL,
	"partition" integer NOT NULL,
	"created_from" bigint,
	"created_to" bigint,
	"cursor" text,
	"pages" integer DEFAULT 0 NOT NULL,
	"records" integer DEFAULT 0 NOT NULL,
	"total" integer,
	"done" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_partitions_run_id_partition_pk" PRIMARY KEY("run_id","partition")
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"kind" text NOT NULL,
	"mode" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"since" bigint,
	"pages" integer DEFAULT 0 NOT NULL,
	"contacts_synced" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"skipped_no_email" integer DEFAULT 0 NOT NULL,
	"skipped_bad_email" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"tombstoned" integer DEFAULT 0 NOT NULL,
	"alerts_generated" integer DEFAULT 0 NOT NULL,
	"quality_sum" integer DEFAULT 0 NOT NULL,
	"customers_written" integer DEFAULT 0 NOT NULL,
	"newest_updated_at" bigint,
	"expected_total" integer,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "sync_seen" (
	"run_id" uuid NOT NULL,
	"contact_id" text NOT NULL,
	CONSTRAINT "sync_seen_run_id_contact_id_pk" PRIMARY KEY("run_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "sync_state" (
	"workspace_id" text NOT NULL,
	"kind" text NOT NULL,
	"watermark" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_state_workspace_id_kind_pk" PRIMARY KEY("workspace_id","kind")
);
--> statement-breakpoint
CREATE INDEX "alerts_created_idx" ON "alerts" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_unique_change_idx" ON "alerts" USING btree ("workspace_id","email","kind","change_key");--> statement-breakpoint
CREATE INDEX "customers_mrr_idx" ON "customers" USING btree ("workspace_id","mrr" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "customers_contact_idx" ON "customers" USING btree ("workspace_id","contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_runs_one_running_idx" ON "sync_runs" USING btree ("workspace_id","kind") WHERE "sync_runs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "sync_runs_started_idx" ON "sync_runs" USING btree ("started_at" DESC NULLS LAST);