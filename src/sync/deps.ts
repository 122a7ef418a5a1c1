import type { AlertDraft } from "../customers/alerts.ts";
import { cancelIntentMatcher } from "../customers/cancel-intent.ts";
import type { IntercomClient } from "../intercom/client.ts";
import { acceptWrites } from "../outbox/accept.ts";
import type { Services } from "../services.ts";
import type { FinishContactRunDeps } from "./contacts/finish.ts";
import { confirmGoneWith } from "./contacts/gone.ts";
import type { StepDeps } from "./contacts/step.ts";
import type { ConversationSyncDeps } from "./conversations/deps.ts";

/** What a sync step needs from this invocation. */
export function stepDepsFor(services: Services, client: IntercomClient): StepDeps {
  const { config } = services;
  return {
    db: services.db(),
    client,
    clock: services.clock,
    alertSettings: { highValueMrr: config.HIGH_VALUE_MRR, mrrChangeRatio: 0.5 },
    onAlerts: alertsToSlack(services),
  };
}

/** What finishing a contact run needs: Intercom confirms which unseen contacts are gone. */
export function contactFinishDepsFor(
  services: Services,
  client: IntercomClient,
): FinishContactRunDeps {
  return {
    db: services.db(),
    clock: services.clock,
    logger: services.logger,
    confirmGone: confirmGoneWith(client),
    onAlerts: alertsToSlack(services),
  };
}

/** What a conversation page or part job needs from this invocation. */
export function conversationDepsFor(
  services: Services,
  client: IntercomClient,
  rateLimited?: () => number,
): ConversationSyncDeps {
  return {
    db: services.db(),
    client,
    clock: services.clock,
    logger: services.logger,
    queue: services.queues.sync,
    mentionsCancel: cancelIntentMatcher(services.config.CANCEL_KEYWORDS),
    onAlerts: alertsToSlack(services),
    ...(rateLimited ? { rateLimited } : {}),
  };
}

/** Alerts posted to Slack through the outbox, when SLACK_WEBHOOK_URL is set. */
export function alertsToSlack(services: Services) {
  const { config } = services;
  return async (alerts: AlertDraft[]) => {
    if (!config.SLACK_WEBHOOK_URL) return;
    // Through the outbox: retried, never lost, once per alert (its change key).
    await acceptWrites(
      alerts.map((a) => ({
        kind: "slack.alert" as const,
        subject: a.email,
        idempotencyKey: `alert:${a.email}:${a.kind}:${a.changeKey}`,
        payload: { text: `:rotating_light: ${a.message}` },
      })),
      {
        db: services.db(),
        logger: services.logger,
        queue: services.queues.outbox,
        workspaceId: config.INTERCOM_WORKSPACE_ID,
        deliveryEnabled: true,
      },
    );
  };
}
