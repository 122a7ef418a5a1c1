import { cancelIntentMatcher } from "../../src/customers/cancel-intent.ts";
import { planDeliveries } from "../../src/webhooks/apply/plan.ts";
import { deliveryFrom, type Notification } from "../../src/webhooks/envelope.ts";

/** When the notification was created: what orders changes that carry no `updated_at`. */
export const SENT = 1_765_000_000;
const NOW = new Date("2026-12-06T12:00:00Z");

/** A notification in the envelope real Intercom posts, around an item of our own. */
function notification(topic: string, item: unknown): Notification {
  return {
    type: "notification_event",
    app_id: "ws_real",
    id: `notif_${topic}`,
    topic,
    data: { type: "notification_event_data", item },
    delivery_status: "pending",
    delivery_attempts: 1,
    delivered_at: 0,
    first_sent_at: SENT + 1,
    created_at: SENT,
    links: {},
  } as Notification;
}

/** The pure plan of one delivery: the rows it would write and its outcome. */
export async function planOf(topic: string, item: unknown) {
  const delivery = await deliveryFrom(notification(topic, item), NOW);
  const plan = planDeliveries([delivery], NOW, cancelIntentMatcher());
  return { writes: plan.writes, outcome: plan.outcomes.get(delivery.deliveryKey) };
}
