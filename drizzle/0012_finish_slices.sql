ALTER TABLE "sync_runs" ADD COLUMN "finish_lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "finish_slices" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "finish_cursor" text;