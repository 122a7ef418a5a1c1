import type { AlertDraft } from "../customers/alerts.ts";
import { type AcceptDeps, acceptWrites } from "./accept.ts";

/**
 * Alerts for Slack, through the outbox: retried, never lost, once per alert (its change key
 * is in the idempotency key).
 */
export async function acceptSlackAlerts(
  alerts: AlertDraft[],
  deps: Omit<AcceptDeps, "deliveryEnabled" | "hashKey">,
): Promise<void> {
  await acceptWrites(
    alerts.map((a) => ({
      kind: "slack.alert" as const,
      subject: a.email,
      idempotencyKey: `alert:${a.email ?? `account:${a.accountId}`}:${a.kind}:${a.changeKey}`,
      payload: { text: `:rotating_light: ${a.message}` },
    })),
    // Alerts name a customer to Slack, never a person to Intercom: no suppression applies.
    { ...deps, deliveryEnabled: true, hashKey: null },
  );
}
