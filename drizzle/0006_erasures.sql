CREATE TABLE "erasures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"requested_by" text NOT NULL,
	"reference" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	"passes" integer DEFAULT 0 NOT NULL,
	"subject_salt" text NOT NULL,
	"subject_hashes" text[] NOT NULL,
	"intercom_contact_ids" text[] NOT NULL,
	"intercom_status" text NOT NULL,
	"removed" jsonb NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "erasures_request_idx" ON "erasures" USING btree ("workspace_id","requested_by","reference");--> statement-breakpoint
CREATE INDEX "erasures_requested_idx" ON "erasures" USING btree ("workspace_id","requested_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "erasures_contacts_idx" ON "erasures" USING gin ("intercom_contact_ids");--> statement-breakpoint
CREATE INDEX "outbox_messages_subject_idx" ON "outbox_messages" USING btree ("workspace_id","subject");