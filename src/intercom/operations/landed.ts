import { z } from "zod";
import type { IntercomHttp } from "../http.ts";
import { intercomId } from "../schemas/common.ts";
import { tagSchema } from "../schemas/contact.ts";
import { cursorPagesSchema } from "../schemas/responses.ts";
import { timestamp } from "../schemas/timestamp.ts";

/*
 * Reads that show whether a write whose answer was lost reached Intercom (src/outbox/landed.ts
 * decides from them). Narrow schemas of their own: only the fields that identify a write.
 */

const author = z.looseObject({ type: z.string().nullish(), id: intercomId.nullish() }).nullish();

const noteList = z.looseObject({
  data: z.array(
    z.looseObject({ id: intercomId, body: z.string().nullish(), created_at: timestamp, author }),
  ),
  // Page-numbered: `next` is a URL at Intercom, so the page count says whether there is more.
  pages: z
    .looseObject({ page: z.coerce.number().nullish(), total_pages: z.coerce.number().nullish() })
    .nullish(),
});

const conversationList = z.looseObject({
  conversations: z.array(
    z.looseObject({
      id: intercomId,
      created_at: timestamp,
      source: z
        .looseObject({
          id: intercomId.nullish(),
          body: z.string().nullish(),
          author,
        })
        .nullish(),
    }),
  ),
  pages: cursorPagesSchema.nullish(),
});

const tagList = z.looseObject({ data: z.array(tagSchema) });

export interface LandedItem {
  id: string;
  /** Unix seconds. */
  createdAt: number | null;
  body: string;
  authorId: string | null;
}

export function landedOperations(http: IntercomHttp) {
  return {
    /** One page (1-based) of a contact's notes, newest first. */
    async contactNotesPage(contactId: string, page: number, perPage = 50) {
      const res = await http.request({
        method: "GET",
        path: `/contacts/${encodeURIComponent(contactId)}/notes`,
        query: { page, per_page: perPage },
        schema: noteList,
      });
      const items: LandedItem[] = res.data.map((n) => ({
        id: n.id,
        createdAt: n.created_at ?? null,
        body: n.body ?? "",
        authorId: n.author?.id ?? null,
      }));
      return { items, hasMore: (res.pages?.total_pages ?? 1) > (res.pages?.page ?? page) };
    },

    /**
     * Conversations of a contact started since the day before `since` (unix seconds; date
     * filters match by calendar day), newest first: an admin's message opens one, its source
     * being the message. `items[].id` is the message (the source), `conversationId` its thread.
     */
    async conversationsStartedPage(contactId: string, since: number, cursor: string | null) {
      const res = await http.request({
        method: "POST",
        path: "/conversations/search",
        body: {
          query: {
            operator: "AND",
            value: [
              { field: "contact_ids", operator: "=", value: contactId },
              { field: "created_at", operator: ">", value: since - 86_400 },
            ],
          },
          sort: { field: "created_at", order: "descending" },
          pagination: { per_page: 50, ...(cursor ? { starting_after: cursor } : {}) },
        },
        schema: conversationList,
        idempotent: true,
      });
      const items = res.conversations.map((c) => ({
        id: c.source?.id ?? c.id,
        conversationId: c.id,
        createdAt: c.created_at ?? null,
        body: c.source?.body ?? "",
        authorId: c.source?.author?.type === "admin" ? (c.source.author.id ?? null) : null,
      }));
      return { items, next: res.pages?.next?.starting_after ?? null };
    },

    /** The names of the tags on a contact. */
    async contactTagNames(contactId: string): Promise<string[]> {
      const res = await http.request({
        method: "GET",
        path: `/contacts/${encodeURIComponent(contactId)}/tags`,
        schema: tagList,
      });
      return res.data.map((t) => t.name);
    },
  };
}
