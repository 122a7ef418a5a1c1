import type { OutboxWrite } from "../outbox/payloads.ts";
import type { NormalizedEvent } from "./validate.ts";

/**
 * An event as an outbox write. With a user id and an email it also carries what is needed to
 * create the user if Intercom answers 404 (unknown user) on delivery.
 */
export function eventWrite(event: NormalizedEvent): OutboxWrite {
  return {
    kind: "event",
    subject: event.userId ?? event.email ?? event.intercomId ?? null,
    idempotencyKey: event.idempotencyKey,
    payload: {
      eventName: event.eventName,
      createdAt: event.createdAt,
      userId: event.userId,
      email: event.email,
      intercomId: event.intercomId,
      metadata: event.metadata,
      ...(event.userId ? { identify: { userId: event.userId, email: event.email ?? null } } : {}),
    },
  };
}
