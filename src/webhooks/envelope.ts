import { z } from "zod";

/** Intercom's webhook envelope; the item inside `data` is checked per topic when applied. */
export const notificationSchema = z.looseObject({
  type: z.literal("notification_event"),
  id: z.string().min(1).nullable(),
  topic: z.string().min(1),
  app_id: z.string().min(1),
  created_at: z.number().int().nonnegative().nullish(),
  delivery_attempts: z.number().nullish(),
  first_sent_at: z.number().nullish(),
  data: z.looseObject({ item: z.unknown() }),
});
export type Notification = z.infer<typeof notificationSchema>;

/** A delivery as the inbox stores it and the queue carries it. */
export interface Delivery {
  workspaceId: string;
  deliveryKey: string;
  notificationId: string | null;
  topic: string;
  intercomCreatedAt: string | null;
  receivedAt: string;
  payload: Notification;
}

/**
 * The de-duplication key: Intercom's notification id, or for notifications without one
 * (`ping` has been seen with `"id": null`) a hash of what the notification says. The delivery
 * bookkeeping fields are left out, because a retry of the same notification changes them.
 */
export async function deliveryKeyOf(notification: Notification): Promise<string> {
  if (notification.id) return notification.id;
  const { delivery_attempts, first_sent_at, delivery_status, ...content } = notification;
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(stableStringify(content)),
  );
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  return `content:${hex}`;
}

export async function deliveryFrom(
  notification: Notification,
  receivedAt: Date,
): Promise<Delivery> {
  return {
    workspaceId: notification.app_id,
    deliveryKey: await deliveryKeyOf(notification),
    notificationId: notification.id,
    topic: notification.topic,
    intercomCreatedAt: notification.created_at
      ? new Date(notification.created_at * 1000).toISOString()
      : null,
    receivedAt: receivedAt.toISOString(),
    payload: notification,
  };
}

/** JSON with object keys sorted, so the same content always hashes the same. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
