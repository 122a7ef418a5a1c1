import { completeAdminErasure } from "../erasure/admin.ts";
import type { Services } from "../services.ts";
import type { DeliverDeps } from "./deliver.ts";

/** What delivery needs from this invocation; null until Intercom is configured. */
export function deliverDepsFor(services: Services): DeliverDeps | null {
  const client = services.intercom();
  if (!client) return null;
  return {
    client,
    defaultAdminId: services.config.INTERCOM_ADMIN_ID,
    slackWebhookUrl: services.config.SLACK_WEBHOOK_URL,
    completeErasure: (row, deleted) =>
      completeAdminErasure(services.db(), row, deleted, services.clock.now()),
  };
}
