-- Error columns written before the one error-text rule (src/shared/error-text.ts) may hold
-- drizzle's "Failed query: <SQL> params: <values>" text, with emails, ids and bodies, in rows
-- that dead letters keep for ever. The cause cannot be recovered from that text: it is
-- replaced. Emails in any other stored error text are masked as the rule now does.
UPDATE "webhook_deliveries" SET "last_error" = 'error text removed: it held SQL and values (written before migration 0009)' WHERE "last_error" LIKE '%Failed query%' OR "last_error" LIKE '%params:%';--> statement-breakpoint
UPDATE "outbox_messages" SET "last_error" = 'error text removed: it held SQL and values (written before migration 0009)' WHERE "last_error" LIKE '%Failed query%' OR "last_error" LIKE '%params:%';--> statement-breakpoint
UPDATE "sync_runs" SET "last_error" = 'error text removed: it held SQL and values (written before migration 0009)' WHERE "last_error" LIKE '%Failed query%' OR "last_error" LIKE '%params:%';--> statement-breakpoint
UPDATE "sync_part_jobs" SET "last_error" = 'error text removed: it held SQL and values (written before migration 0009)' WHERE "last_error" LIKE '%Failed query%' OR "last_error" LIKE '%params:%';--> statement-breakpoint
UPDATE "sync_failures" SET "error" = 'error text removed: it held SQL and values (written before migration 0009)' WHERE "error" LIKE '%Failed query%' OR "error" LIKE '%params:%';--> statement-breakpoint
UPDATE "webhook_deliveries" SET "last_error" = regexp_replace("last_error", '[^\s"''<>@]+@[^\s"''<>@]+', '<email>', 'g') WHERE "last_error" ~ '[^\s"''<>@]+@[^\s"''<>@]+';--> statement-breakpoint
UPDATE "outbox_messages" SET "last_error" = regexp_replace("last_error", '[^\s"''<>@]+@[^\s"''<>@]+', '<email>', 'g') WHERE "last_error" ~ '[^\s"''<>@]+@[^\s"''<>@]+';--> statement-breakpoint
UPDATE "sync_runs" SET "last_error" = regexp_replace("last_error", '[^\s"''<>@]+@[^\s"''<>@]+', '<email>', 'g') WHERE "last_error" ~ '[^\s"''<>@]+@[^\s"''<>@]+';--> statement-breakpoint
UPDATE "sync_part_jobs" SET "last_error" = regexp_replace("last_error", '[^\s"''<>@]+@[^\s"''<>@]+', '<email>', 'g') WHERE "last_error" ~ '[^\s"''<>@]+@[^\s"''<>@]+';--> statement-breakpoint
UPDATE "sync_failures" SET "error" = regexp_replace("error", '[^\s"''<>@]+@[^\s"''<>@]+', '<email>', 'g') WHERE "error" ~ '[^\s"''<>@]+@[^\s"''<>@]+';
