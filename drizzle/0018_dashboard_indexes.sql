ALTER TABLE "customers" ADD COLUMN "id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
CREATE INDEX "conversations_created_idx" ON "conversations" USING btree ("workspace_id","intercom_created_at");--> statement-breakpoint
CREATE INDEX "alerts_kind_idx" ON "alerts" USING btree ("workspace_id","kind","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_id_idx" ON "customers" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE INDEX "customers_at_risk_idx" ON "customers" USING btree ("workspace_id","mrr" DESC NULLS LAST,"email") WHERE ("customers"."delinquent" is true or "customers"."cancel_intent_30d" is true or "customers"."subscription_status" in ('past_due', 'canceled', 'unpaid'));--> statement-breakpoint
CREATE INDEX "customers_email_trgm_idx" ON "customers" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_plan_mrr_idx" ON "customers" USING btree ("workspace_id","plan_name","mrr");--> statement-breakpoint
CREATE INDEX "customers_quality_idx" ON "customers" USING btree ("workspace_id","quality_score");--> statement-breakpoint
CREATE INDEX "outbox_messages_workspace_status_idx" ON "outbox_messages" USING btree ("workspace_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "sync_runs_workspace_started_idx" ON "sync_runs" USING btree ("workspace_id","started_at","id");