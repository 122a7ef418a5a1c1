ALTER TABLE "sync_runs" ADD COLUMN "range_from" bigint;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "range_to" bigint;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "hours_back" integer;