import { signIntercomBody } from "../../src/webhooks/signature.ts";

export interface WebhookTarget {
  url: string;
  secret: string;
  appId?: string;
}

/**
 * Posts the notification Intercom would send for a change, signed like Intercom signs
 * (HMAC-SHA1 of the raw body with the app's client secret). Fire and forget, one retry a
 * little later, as Intercom retries a failed delivery once.
 */
export function webhookEmitter(target: WebhookTarget | undefined, appId: string) {
  return (topic: string, item: unknown) => {
    if (!target) return;
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({
      type: "notification_event",
      app_id: target.appId ?? appId,
      data: { type: "notification_event_data", item },
      links: {},
      id: `notif_${crypto.randomUUID()}`,
      topic,
      delivery_status: "pending",
      delivery_attempts: 1,
      delivered_at: 0,
      first_sent_at: now,
      created_at: now,
      self: null,
    });
    const send = async () => {
      const res = await fetch(target.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Intercom-Webhooks (sandbox)",
          "x-hub-signature": await signIntercomBody(body, target.secret),
        },
        body,
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    };
    send().catch(() => setTimeout(() => send().catch(() => {}), 1000));
  };
}
