CREATE TABLE "contacts" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"role" text,
	"external_id" text,
	"email" text,
	"name" text,
	"phone" text,
	"owner_id" text,
	"location" jsonb,
	"intercom_created_at" timestamp with time zone,
	"intercom_updated_at" timestamp with time zone,
	"signed_up_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"custom_attributes" jsonb,
	"archived" boolean DEFAULT false NOT NULL,
	"archived_changed_at" timestamp with time zone,
	"merged_into_id" text,
	"deleted_at" timestamp with time zone,
	"raw" jsonb,
	"written_at" timestamp with time zone NOT NULL,
	"written_from" text NOT NULL,
	CONSTRAINT "contacts_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"state" text,
	"open" boolean,
	"read" boolean,
	"priority" text,
	"title" text,
	"contact_ids" text[],
	"admin_assignee_id" text,
	"team_assignee_id" text,
	"intercom_created_at" timestamp with time zone,
	"intercom_updated_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"raw" jsonb,
	"written_at" timestamp with time zone NOT NULL,
	"written_from" text NOT NULL,
	CONSTRAINT "conversations_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "contact_tags" (
	"workspace_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"tag_id" text NOT NULL,
	"tagged" boolean NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"written_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contact_tags_workspace_id_contact_id_tag_id_pk" PRIMARY KEY("workspace_id","contact_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "tags" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"written_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tags_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"workspace_id" text NOT NULL,
	"delivery_key" text NOT NULL,
	"notification_id" text,
	"topic" text NOT NULL,
	"intercom_created_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"processed_at" timestamp with time zone,
	CONSTRAINT "webhook_deliveries_workspace_id_delivery_key_pk" PRIMARY KEY("workspace_id","delivery_key")
);
--> statement-breakpoint
CREATE INDEX "contacts_email_ci_idx" ON "contacts" USING btree ("workspace_id",lower("email"));--> statement-breakpoint
CREATE INDEX "contacts_external_id_idx" ON "contacts" USING btree ("workspace_id","external_id");--> statement-breakpoint
CREATE INDEX "contacts_updated_idx" ON "contacts" USING btree ("workspace_id","intercom_updated_at");--> statement-breakpoint
CREATE INDEX "conversations_updated_idx" ON "conversations" USING btree ("workspace_id","intercom_updated_at");--> statement-breakpoint
CREATE INDEX "conversations_contacts_idx" ON "conversations" USING gin ("contact_ids");--> statement-breakpoint
CREATE INDEX "contact_tags_tag_idx" ON "contact_tags" USING btree ("workspace_id","tag_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_received_idx" ON "webhook_deliveries" USING btree ("received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "webhook_deliveries_status_idx" ON "webhook_deliveries" USING btree ("status","received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "webhook_deliveries_topic_idx" ON "webhook_deliveries" USING btree ("topic","received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "webhook_deliveries_pending_idx" ON "webhook_deliveries" USING btree ("received_at") WHERE "webhook_deliveries"."status" in ('received', 'failed');