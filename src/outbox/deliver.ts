import type { IntercomClient } from "../intercom/client.ts";
import { goneFromIntercom, IntercomError } from "../intercom/errors.ts";
import type { CallOptions } from "../intercom/http.ts";
import type { Slots } from "../shared/connections.ts";
import type { WriteGuard } from "./attempt.ts";
import { UndeliverableError } from "./errors.ts";
import { hasTag, landedMessage, landedNote } from "./landed.ts";
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
  /**
   * Write-back rows (src/writeback/deliver.ts): whether the row still carries the target's
   * latest values (an older one is superseded, not sent), and recording what Intercom took.
   */
  writeback: {
    isLatest(row: OutboxRow, payload: PayloadOf<"writeback">): Promise<boolean>;
    recordWritten(row: OutboxRow, payload: PayloadOf<"writeback">): Promise<void>;
  };
  /** Incoming-webhook URL for alerts; unset means alerts stay in Postgres only. */
  slackWebhookUrl: string | undefined;
  /** The invocation's fetch (counted against its limits), for Slack; the global one if unset. */
  fetch?: typeof fetch;
  /** Slack's share of the invocation's connections (src/shared/connections.ts). */
  slackConnections?: Slots;
}

/**
 * Sends one outbox row to Intercom. Contacts are addressed by the product's user id
 * (`external_id`), resolved to Intercom's id here, at delivery time, because a contact may
 * only come into existence through an identify sent just before. Every write goes through
 * `guard` (the row's lease); a row whose earlier send may have landed unseen (`unsureSince`)
 * is first looked for in Intercom (src/outbox/landed.ts), and `found: true` says it was there.
 */
export async function deliverRow(
  row: OutboxRow,
  deps: DeliverDeps,
  guard: WriteGuard,
): Promise<unknown> {
  const parsed = PAYLOAD_SCHEMAS[row.kind].safeParse(row.payload);
  if (!parsed.success)
    throw new UndeliverableError(`stored payload is invalid: ${parsed.error.message}`);
  const { client } = deps;
  const since = guard.unsureSince;
  switch (row.kind) {
    case "contact.identify": {
      const identity = parsed.data as PayloadOf<"contact.identify">;
      const contact = await guard.write("repeatable", (call) =>
        client.upsertContact(identity, call),
      );
      return { contact_id: contact.id };
    }
    case "contact.delete": {
      const { userId, intercomId } = parsed.data as PayloadOf<"contact.delete">;
      const id = intercomId ?? (userId ? (await client.findContactByExternalId(userId))?.id : null);
      const deleted = id
        ? await guard.write("repeatable", (call) => deleteIfThere(client, id, call))
        : false;
      const contactId = deleted ? (id ?? null) : null;
      const result = { contact_id: contactId, deleted };
      await deps.completeErasure(row, { userId, intercomContactId: contactId, result });
      return result;
    }
    case "contact.tag":
    case "contact.untag": {
      const { tag, ...to } = parsed.data as PayloadOf<"contact.tag">;
      const id = await contactIdOf(client, to);
      if (row.kind === "contact.untag") {
        await guard.write("repeatable", (call) => client.removeTagByName(id, tag, call));
        return { contact_id: id };
      }
      if (since && (await hasTag(client, id, tag))) return { contact_id: id, found: true };
      await guard.write("checked", (call) => client.addTagByName(id, tag, call));
      return { contact_id: id };
    }
    case "contact.note": {
      const note = parsed.data as PayloadOf<"contact.note">;
      const id = await contactIdOf(client, note);
      const adminId = note.adminId ?? deps.defaultAdminId;
      const found = since
        ? await landedNote(client, id, { body: note.body, authorId: adminId, since }, guard)
        : null;
      if (found) return { contact_id: id, note_id: found, found: true };
      const created = await guard.write("unique", (call) =>
        client.addNote(id, note.body, adminId, call),
      );
      return { contact_id: id, note_id: created.id };
    }
    case "message":
      return sendMessage(parsed.data as PayloadOf<"message">, deps, guard);
    case "event":
      return submitEvent(parsed.data as PayloadOf<"event">, client, guard);
    case "writeback":
      return writeBack(row, parsed.data as PayloadOf<"writeback">, deps, guard);
    case "slack.alert":
      return postToSlack(
        parsed.data as PayloadOf<"slack.alert">,
        deps.slackWebhookUrl,
        deps.fetch,
        deps.slackConnections,
      );
  }
}

/**
 * Sets our attributes on the contact or company. A PUT of the same values is harmless, so a
 * row whose answer was lost is simply sent again. A target Intercom answers 404 or 410 for was
 * deleted or merged away since our last sync: nothing is written or recorded (the sync
 * tombstones it; until then each run drops it again, one call each), and the run does not fail.
 */
async function writeBack(
  row: OutboxRow,
  payload: PayloadOf<"writeback">,
  deps: DeliverDeps,
  guard: WriteGuard,
) {
  if (!(await deps.writeback.isLatest(row, payload))) return { superseded: true };
  const { client } = deps;
  const written = await guard.write("repeatable", async (call) => {
    try {
      await (payload.model === "contact"
        ? client.updateContactAttributes(payload.intercomId, payload.attributes, call)
        : client.updateCompanyAttributes(payload.intercomId, payload.attributes, call));
      return true;
    } catch (error) {
      if (goneFromIntercom(error)) return false;
      throw error;
    }
  });
  if (!written) return { [`${payload.model}_id`]: payload.intercomId, gone: true };
  await deps.writeback.recordWritten(row, payload);
  return { [`${payload.model}_id`]: payload.intercomId, written: Object.keys(payload.attributes) };
}

async function sendMessage(message: PayloadOf<"message">, deps: DeliverDeps, guard: WriteGuard) {
  const from = message.fromAdminId ?? deps.defaultAdminId;
  if (!from) throw new UndeliverableError("no admin to send from: set INTERCOM_ADMIN_ID");
  const { client } = deps;
  const id = await contactIdOf(client, message);
  const since = guard.unsureSince;
  const found = since
    ? await landedMessage(client, id, { body: message.body, authorId: from, since }, guard)
    : null;
  if (found)
    return {
      contact_id: id,
      message_id: found.id,
      conversation_id: found.conversationId,
      found: true,
    };
  const sent = await guard.write("unique", (call) =>
    client.sendMessage(
      {
        messageType: message.messageType,
        fromAdminId: from,
        to: { type: "user", id },
        body: message.body,
        subject: message.subject,
        template: message.template,
      },
      call,
    ),
  );
  return { contact_id: id, message_id: sent.id, conversation_id: sent.conversation_id ?? null };
}

/**
 * Intercom answers 404 to an event for an unknown user: create the user, then send again.
 * Events are sent again blindly after a lost answer: Intercom keeps one per contact, event
 * name and created_at second, and the row's created_at is fixed when it is stored.
 */
async function submitEvent(event: PayloadOf<"event">, client: IntercomClient, guard: WriteGuard) {
  const submit = () => guard.write("repeatable", (call) => client.submitEvent(event, call));
  try {
    await submit();
    return { submitted: true };
  } catch (error) {
    const unknownUser = error instanceof IntercomError && error.status === 404;
    if (!unknownUser || !event.userId) throw error;
    const identity = event.identify ?? { userId: event.userId, email: event.email ?? null };
    const contact = await guard.write("repeatable", (call) => client.upsertContact(identity, call));
    await submit();
    return { submitted: true, identified: contact.id };
  }
}

/** A contact Intercom no longer has is already deleted: the erasure goes on all the same. */
async function deleteIfThere(
  client: IntercomClient,
  id: string,
  call: CallOptions,
): Promise<boolean> {
  try {
    await client.deleteContact(id, call);
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
