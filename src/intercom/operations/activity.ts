import { z } from "zod";
import type { CallOptions, IntercomHttp } from "../http.ts";
import { tagSchema } from "../schemas/contact.ts";
import { messageSchema, noteSchema } from "../schemas/responses.ts";

const tagListSchema = z.looseObject({ data: z.array(tagSchema) });

interface DataEvent {
  eventName: string;
  /** Unix seconds. Intercom de-duplicates on (contact, event name, created_at second). */
  createdAt: number;
  userId?: string | undefined;
  email?: string | undefined;
  intercomId?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
}

interface AdminMessage {
  messageType: "inapp" | "email";
  fromAdminId: string;
  to: { type: "user" | "lead"; id: string };
  body: string;
  subject?: string | undefined;
  template?: "plain" | "personal" | undefined;
}

/**
 * Tags are addressed by id in Intercom; callers speak names. The name → id map is cached per
 * client (one invocation), since `POST /tags` is itself a rate-limited call.
 */
const adminIdValue = (id: string) => (/^\d+$/.test(id) ? Number(id) : id);

export function activityOperations(http: IntercomHttp) {
  const tagIds = new Map<string, string>();

  async function tagIdFor(
    name: string,
    create: boolean,
    call: CallOptions = {},
  ): Promise<string | null> {
    const cached = tagIds.get(name);
    if (cached) return cached;
    if (create) {
      const tag = await http.request({
        method: "POST",
        path: "/tags",
        body: { name },
        schema: tagSchema,
        // Creates the tag or answers the one of that name.
        idempotent: true,
        ...call,
      });
      tagIds.set(name, tag.id);
      return tag.id;
    }
    const all = await http.request({ method: "GET", path: "/tags", schema: tagListSchema });
    for (const tag of all.data) tagIds.set(tag.name, tag.id);
    return tagIds.get(name) ?? null;
  }

  return {
    /** Tagging twice leaves the contact tagged once: idempotent in effect. */
    async addTagByName(contactId: string, name: string, call: CallOptions = {}) {
      const id = await tagIdFor(name, true, call);
      return http.request({
        method: "POST",
        path: `/contacts/${encodeURIComponent(contactId)}/tags`,
        body: { id },
        schema: tagSchema,
        idempotent: true,
        ...call,
      });
    },

    /** Removing a tag that does not exist is already done: nothing is created to remove it. */
    async removeTagByName(contactId: string, name: string, call: CallOptions = {}) {
      const id = await tagIdFor(name, false);
      if (!id) return false;
      await http.request({
        method: "DELETE",
        path: `/contacts/${encodeURIComponent(contactId)}/tags/${encodeURIComponent(id)}`,
        schema: tagSchema,
        ...call,
      });
      return true;
    },

    /** Not idempotent: Intercom has no key for notes, so a repeat is a second note. */
    addNote: (contactId: string, body: string, adminId?: string, call: CallOptions = {}) =>
      http.request({
        method: "POST",
        path: `/contacts/${encodeURIComponent(contactId)}/notes`,
        body: { body, ...(adminId ? { admin_id: adminId } : {}) },
        schema: noteSchema,
        ...call,
      }),

    /** Not idempotent: a repeat is a second conversation in the customer's inbox. */
    sendMessage: (message: AdminMessage, call: CallOptions = {}) =>
      http.request({
        method: "POST",
        path: "/messages",
        body: {
          // The spec's enum is `in_app` (its examples say `inapp`; Intercom takes both).
          message_type: message.messageType === "inapp" ? "in_app" : "email",
          body: message.body,
          // Admin ids are integers in the request schema, strings in answers.
          from: { type: "admin", id: adminIdValue(message.fromAdminId) },
          to: message.to,
          ...(message.messageType === "email"
            ? { subject: message.subject ?? "", template: message.template ?? "plain" }
            : {}),
        },
        schema: messageSchema,
        ...call,
      }),

    /**
     * Answers 202 with an empty body, duplicates included: Intercom keeps one event per
     * (contact, event name, created_at second), so sending it again after a lost answer is safe.
     */
    submitEvent: (event: DataEvent, call: CallOptions = {}) =>
      http.request({
        method: "POST",
        path: "/events",
        body: {
          event_name: event.eventName,
          created_at: event.createdAt,
          ...(event.intercomId
            ? { id: event.intercomId }
            : event.userId
              ? { user_id: event.userId }
              : { email: event.email }),
          ...(event.metadata && Object.keys(event.metadata).length > 0
            ? { metadata: event.metadata }
            : {}),
        },
        schema: null,
        idempotent: true,
        ...call,
      }),
  };
}
