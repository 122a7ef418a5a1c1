/** The queue message that asks for one stored outbox row to be delivered. */
export interface OutboxMessage {
  kind: "outbox.deliver";
  id: string;
}

export const isOutboxMessage = (body: unknown): body is OutboxMessage =>
  typeof body === "object" &&
  body !== null &&
  (body as OutboxMessage).kind === "outbox.deliver" &&
  typeof (body as OutboxMessage).id === "string";
