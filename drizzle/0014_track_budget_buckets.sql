-- Fixed-minute counters become leaky buckets. The old counts say nothing about a bucket's
-- level, and a budget is worth one minute: every subject starts empty.
DELETE FROM "track_budgets";--> statement-breakpoint
ALTER TABLE "track_budgets" ADD COLUMN "level" double precision NOT NULL;--> statement-breakpoint
ALTER TABLE "track_budgets" ADD COLUMN "updated_at" timestamp with time zone NOT NULL;--> statement-breakpoint
ALTER TABLE "track_budgets" DROP COLUMN "window_start";--> statement-breakpoint
ALTER TABLE "track_budgets" DROP COLUMN "events";