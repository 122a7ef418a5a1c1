import type { IntercomClient } from "../intercom/client.ts";
import { IntercomError } from "../intercom/errors.ts";
import { UndeliverableError } from "./errors.ts";
import { PAYLOAD_SCHEMAS, type PayloadOf } from "./payloads.ts";
import type { OutboxRow } from "./rows.ts";
import { postToSlack } from "./slack.ts";

export interface DeliverDeps {
  client: IntercomClient;
  /** Admin that notes and messages come from when the write names none. */
  defaultAdminId: string | undefined;
  /**
   * Erases our copies of the user once Intercom confirmed the delete, and settles the delete
   * row without its user id (src/erasure/admin.ts).
   */
  completeErasure(
    row: OutboxRow,
    deleted: { userId?: string | undefined; intercomContactId: string | null; result: unknown },
  ): Promise<void>;
  /** Incoming-webhook URL for alerts; unset means alerts stay in Postgres only. */
  slackWebhookUrl: string | undefined;
}

/**
 * Sends one outbox row to Intercom. Contacts are addressed by the product's user id
 * (`external_id`), resolved to Intercom's id here, at delivery time, because a contact may
 * only come into existence through an identify sent just before.
 */
export async function deliverRow(row: OutboxRow, deps: DeliverDeps): Promise<unknown> {
  const parsed = PAYLOAD_SCHEMAS[row.kind].safeParse(row.payload);
  if (!parsed.success)
    throw new UndeliverableError(`stored payload is invalid: ${parsed.error.message}`);
  const { client } = deps;
  switch (row.kind) {
    case "contact.identify": {
      const contact = await client.upsertContact(parsed.data as PayloadOf<"contact.identify">);
      return { contact_id: contact.id };
    }
    case "contact.delete": {
      const { userId, intercomId } = parsed.data as PayloadOf<"contact.delete">;
      const id = intercomId ?? (userId ? (await client.findContactByExternalId(userId))?.id : null);
      const deleted = id ? await deleteIfThere(client, id) : false;
      const contactId = deleted ? (id ?? null) : null;
      const result = { contact_id: contactId, deleted };
      await deps.completeErasure(row, { userId, intercomContactId: contactId, result });
      return result;
    }
    case "contact.tag":
    case "contact.untag": {
      const { tag, ...to } = parsed.data as PayloadOf<"contact.tag">;
      const id = await contactIdOf(client, to);
      if (row.kind === "contact.tag") await client.addTagByName(id, tag);
      else await client.removeTagByName(id, tag);
      return { contact_id: id };
    }
    case "contact.note": {
      const note = parsed.data as PayloadOf<"contact.note">;
      const id = await contactIdOf(client, note);
      const created = await client.addNote(id, note.body, note.adminId ?? deps.defaultAdminId);
      return { contact_id: id, note_id: created.id };
    }
    case "message":
      return sendMessage(parsed.data as PayloadOf<"message">, deps);
    case "event":
      return submitEvent(parsed.data as PayloadOf<"event">, client);
    case "slack.alert":
      return postToSlack(parsed.data as PayloadOf<"slack.alert">, deps.slackWebhookUrl);
  }
}

async function sendMessage(message: PayloadOf<"message">, deps: DeliverDeps) {
  const from = message.fromAdminId ?? deps.defaultAdminId;
  if (!from) throw new UndeliverableError("no admin to send from: set INTERCOM_ADMIN_ID");
  const id = await contactIdOf(deps.client, message);
  const sent = await deps.client.sendMessage({
    messageType: message.messageType,
    fromAdminId: from,
    to: { type: "user", id },
    body: message.body,
    subject: message.subject,
    template: message.template,
  });
  return { contact_id: id, message_id: sent.id };
}

/** Intercom answers 404 to an event for an unknown user: create the user, then send again. */
async function submitEvent(event: PayloadOf<"event">, client: IntercomClient) {
  try {
    await client.submitEvent(event);
    return { submitted: true };
  } catch (error) {
    const unknownUser = error instanceof IntercomError && error.status === 404;
    if (!unknownUser || !event.userId) throw error;
    const contact = await client.upsertContact(
      event.identify ?? { userId: event.userId, email: event.email ?? null },
    );
    await client.submitEvent(event);
    return { submitted: true, identified: contact.id };
  }
}

/** A contact Intercom no longer has is already deleted: the erasure goes on all the same. */
async function deleteIfThere(client: IntercomClient, id: string): Promise<boolean> {
  try {
    await client.deleteContact(id);
    return true;
  } catch (error) {
    if (error instanceof IntercomError && error.status === 404) return false;
    throw error;
  }
}

/** Intercom's id as given, or the contact whose external_id is the product's user id. */
async function contactIdOf(
  client: IntercomClient,
  to: { userId?: string | undefined; intercomId?: string | undefined },
): Promise<string> {
  if (to.intercomId) return to.intercomId;
  const contact = to.userId ? await client.findContactByExternalId(to.userId) : null;
  if (contact) return contact.id;
  // Retryable: an identify for this user may still be on its way, or the contact may not be
  // searchable yet (new contacts take minutes to appear in search).
  throw new IntercomError({
    status: 404,
    code: "contact_not_found",
    // The product's user id stays out of the text (it names a person); the row says whose.
    message: "no Intercom contact with that external_id yet",
    retryable: true,
  });
}
