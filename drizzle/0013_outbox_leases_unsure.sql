DROP INDEX "outbox_messages_due_idx";--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "lease_token" uuid;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "unsure_since" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "outbox_messages_due_idx" ON "outbox_messages" USING btree ("next_attempt_at") WHERE "outbox_messages"."status" in ('pending', 'failed', 'unsure');