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
  body: string;
}

/** Intercom's notification envelope (2.16) around a changed item. */
export function notificationFor(
  appId: string,
  topic: string,
  item: unknown,
  createdAt: number,
): Notification {
  const id = `notif_${crypto.randomUUID()}`;
  const body = JSON.stringify({
    type: "notification_event",
    app_id: appId,
    data: { type: "notification_event_data", item },
    links: {},
    id,
    topic,
    delivery_status: "pending",
    delivery_attempts: 1,
    delivered_at: 0,
    first_sent_at: createdAt,
    created_at: createdAt,
    self: null,
  });
  return { id, topic, createdAt, body };
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
    const send = async () => {
      const status = await postNotification(target, notification.body);
      if (status < 200 || status >= 300) throw new Error(`webhook answered ${status}`);
    };
    send().catch(() => setTimeout(() => send().catch(() => {}), 1000));
  };
}
