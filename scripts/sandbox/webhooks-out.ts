import { signIntercomBody } from "../../src/webhooks/signature.ts";

export interface WebhookTarget {
  url: string;
  secret: string;
  appId?: string;
}

/** A notification as Intercom would send it: the envelope, not yet signed or posted. */
export interface Notification {
  id: string;
  topic: string;
  createdAt: number;
  /** The first delivery's body; `redeliveryBody` gives a retry's. */
  body: string;
}

/**
 * Intercom's notification envelope (2.x) around a changed item, for delivery `attempt`
 * (1 first, then `delivery_status: "retry"`). Like real deliveries, `self` is sometimes null
 * and sometimes absent, `links` now and then absent, and `first_sent_at` can be a second after
 * `created_at`: which, is fixed by the notification id, so every attempt agrees.
 */
export function envelope(
  appId: string,
  id: string | null,
  topic: string,
  item: unknown,
  createdAt: number,
  attempt = 1,
): Record<string, unknown> {
  const shape = id ? Number.parseInt(id.replace(/[^0-9a-f]/g, "").slice(-2) || "0", 16) : 0;
  return {
    type: "notification_event",
    app_id: appId,
    data: { type: "notification_event_data", item },
    ...(shape % 7 === 3 ? {} : { links: {} }),
    id,
    topic,
    // A ping's is null, as its id is.
    delivery_status: topic === "ping" ? null : attempt > 1 ? "retry" : "pending",
    delivery_attempts: attempt,
    delivered_at: 0,
    first_sent_at: createdAt + (shape % 3 === 0 ? 1 : 0),
    created_at: createdAt,
    ...(shape % 2 === 0 ? { self: null } : {}),
  };
}

export function notificationFor(
  appId: string,
  topic: string,
  item: unknown,
  createdAt: number,
): Notification {
  const id = `notif_${crypto.randomUUID()}`;
  const body = JSON.stringify(envelope(appId, id, topic, item, createdAt));
  return { id, topic, createdAt, body };
}

/** The same notification as Intercom redelivers it: same id and item, attempt >= 2. */
export function redeliveryBody(n: Notification, attempt: number): string {
  const first = JSON.parse(n.body) as Record<string, unknown>;
  return JSON.stringify({
    ...first,
    delivery_status: "retry",
    delivery_attempts: Math.max(2, attempt),
  });
}

/** Posts one notification, signed like Intercom signs (HMAC-SHA1 of the raw body). */
export async function postNotification(
  target: WebhookTarget,
  body: string,
  timeoutMs = 5000,
): Promise<number> {
  const res = await fetch(target.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "Intercom-Webhooks (sandbox)",
      "x-hub-signature": await signIntercomBody(body, target.secret),
    },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
}

/**
 * Posts the notification Intercom would send for a change. Fire and forget, one retry a
 * little later, as Intercom retries a failed delivery once. With `capture`, hands the
 * notification over instead (the soak delivers it itself: late, twice, or never).
 */
export function webhookEmitter(
  target: WebhookTarget | undefined,
  appId: string,
  capture?: (notification: Notification) => void,
) {
  return (topic: string, item: unknown, createdAt: number) => {
    if (!target && !capture) return;
    const notification = notificationFor(target?.appId ?? appId, topic, item, createdAt);
    if (capture) return capture(notification);
    if (!target) return;
    const send = async (body: string) => {
      const status = await postNotification(target, body);
      if (status < 200 || status >= 300) throw new Error(`webhook answered ${status}`);
    };
    const retry = () => send(redeliveryBody(notification, 2)).catch(() => {});
    send(notification.body).catch(() => setTimeout(retry, 1000));
  };
}
