import type { Delivery } from "./envelope.ts";
import type { DeliveryRef } from "./inbox.ts";

/**
 * What the webhook queue carries: the delivery itself, or (for bodies too large for a queue
 * message, and for deliveries re-sent by the sweeper) a reference to the stored row.
 */
export type WebhookMessage =
  | { kind: "webhook.delivery"; delivery: Delivery }
  | ({ kind: "webhook.stored" } & DeliveryRef);

export function refOf(message: WebhookMessage): DeliveryRef {
  return message.kind === "webhook.delivery"
    ? { workspaceId: message.delivery.workspaceId, deliveryKey: message.delivery.deliveryKey }
    : { workspaceId: message.workspaceId, deliveryKey: message.deliveryKey };
}

export function isWebhookMessage(body: unknown): body is WebhookMessage {
  const kind = (body as { kind?: unknown } | null)?.kind;
  return kind === "webhook.delivery" || kind === "webhook.stored";
}
