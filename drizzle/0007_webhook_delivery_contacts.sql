ALTER TABLE "webhook_deliveries" ADD COLUMN "contact_ids" text[];--> statement-breakpoint
CREATE INDEX "webhook_deliveries_contacts_idx" ON "webhook_deliveries" USING gin ("contact_ids");