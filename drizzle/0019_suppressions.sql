CREATE TABLE "suppressions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"erasure_id" uuid NOT NULL,
	"workspace_id" text NOT NULL,
	"identifier_hashes" text[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"lifted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "suppressions_reference_idx" ON "suppressions" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "suppressions_hashes_idx" ON "suppressions" USING gin ("identifier_hashes");--> statement-breakpoint
CREATE INDEX "suppressions_created_idx" ON "suppressions" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
-- Writes an erasure cancelled were `dead` with this reason, so an operator's retry could send
-- them again and re-create the person in Intercom: they get the status that cannot be retried.
UPDATE "outbox_messages" SET "status" = 'cancelled' WHERE "status" = 'dead' AND "last_error" = 'cancelled: the person it is about was erased';