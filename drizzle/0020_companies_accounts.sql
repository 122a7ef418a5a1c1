CREATE TABLE "accounts" (
	"workspace_id" text NOT NULL,
	"intercom_id" text NOT NULL,
	"company_id" text,
	"name" text,
	"plan" text,
	"monthly_spend" bigint,
	"mrr" double precision NOT NULL,
	"previous_mrr" double precision,
	"arr" double precision NOT NULL,
	"ltv" double precision NOT NULL,
	"people_count" integer NOT NULL,
	"people_seen_30d" integer NOT NULL,
	"customers_count" integer NOT NULL,
	"open_conversations" integer NOT NULL,
	"conversations_30d" integer NOT NULL,
	"cancel_mentions" integer NOT NULL,
	"delinquent_people" integer NOT NULL,
	"health" integer NOT NULL,
	"derived_at" timestamp with time zone NOT NULL,
	CONSTRAINT "accounts_workspace_id_intercom_id_pk" PRIMARY KEY("workspace_id","intercom_id")
);
--> statement-breakpoint
CREATE TABLE "companies" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"company_id" text,
	"name" text,
	"plan" text,
	"monthly_spend" bigint,
	"user_count" integer,
	"session_count" integer,
	"custom_attributes" jsonb,
	"tag_names" text[],
	"remote_created_at" timestamp with time zone,
	"intercom_created_at" timestamp with time zone,
	"intercom_updated_at" timestamp with time zone,
	"last_request_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"written_at" timestamp with time zone NOT NULL,
	"written_from" text NOT NULL,
	CONSTRAINT "companies_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "contact_companies" (
	"workspace_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"company_id" text NOT NULL,
	"attached" boolean NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"written_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contact_companies_workspace_id_contact_id_company_id_pk" PRIMARY KEY("workspace_id","contact_id","company_id")
);
--> statement-breakpoint
CREATE TABLE "sync_seen_companies" (
	"run_id" uuid NOT NULL,
	"company_id" text NOT NULL,
	"attempt" integer NOT NULL,
	CONSTRAINT "sync_seen_companies_run_id_attempt_company_id_pk" PRIMARY KEY("run_id","attempt","company_id")
);
--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "email" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "account_id" text;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "companies_synced" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "scroll_restarts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "people_fetches" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "accounts_derived" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "accounts_company_id_idx" ON "accounts" USING btree ("workspace_id","company_id");--> statement-breakpoint
CREATE INDEX "accounts_mrr_idx" ON "accounts" USING btree ("workspace_id","mrr" DESC NULLS LAST,"intercom_id");--> statement-breakpoint
CREATE INDEX "accounts_health_idx" ON "accounts" USING btree ("workspace_id","health","intercom_id");--> statement-breakpoint
CREATE INDEX "accounts_name_trgm_idx" ON "accounts" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "companies_company_id_idx" ON "companies" USING btree ("workspace_id","company_id");--> statement-breakpoint
CREATE INDEX "contact_companies_company_idx" ON "contact_companies" USING btree ("workspace_id","company_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_unique_account_change_idx" ON "alerts" USING btree ("workspace_id","account_id","kind","change_key") WHERE "alerts"."account_id" is not null;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_one_subject" CHECK (("alerts"."email" is null) <> ("alerts"."account_id" is null));