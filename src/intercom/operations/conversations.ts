import { z } from "zod";
import type { IntercomHttp } from "../http.ts";
import { MAX_PER_PAGE, pageOf, pagesOf, type SearchQuery, searchPageOf } from "../paging.ts";
import { conversationSchema, deletedConversationListSchema } from "../schemas/conversation.ts";
import { conversationListOf, conversationPartSchema } from "../schemas/responses.ts";

const conversationList = conversationListOf(conversationSchema);

/** `GET /conversations/{id}`: parts included, at most the 500 most recent. */
export type IntercomConversationWithParts = z.infer<typeof conversationWithPartsSchema>;

const conversationWithPartsSchema = conversationSchema.extend({
  conversation_parts: z
    .looseObject({
      conversation_parts: z.array(conversationPartSchema),
      total_count: z.number().nullish(),
    })
    .nullish(),
});

export function conversationOperations(http: IntercomHttp) {
  const searchPage = searchPageOf(
    http,
    "/conversations/search",
    conversationList,
    (res) => res.conversations,
  );

  async function listPage(cursor: string | null, perPage = MAX_PER_PAGE) {
    const res = await http.request({
      method: "GET",
      path: "/conversations",
      query: { per_page: Math.min(perPage, MAX_PER_PAGE), starting_after: cursor ?? undefined },
      schema: conversationList,
    });
    return pageOf(res.conversations, res);
  }

  const getConversation = (id: string, answerSize?: (chars: number) => void) =>
    http.request({
      method: "GET",
      path: `/conversations/${encodeURIComponent(id)}`,
      query: { display_as: "plaintext" },
      schema: conversationWithPartsSchema,
      ...(answerSize ? { answerSize } : {}),
    });

  return {
    searchConversationsPage: searchPage,
    searchConversations: (search: SearchQuery, startAfter: string | null = null) =>
      pagesOf((cursor) => searchPage(search, cursor), startAfter),
    listConversationsPage: listPage,
    listConversations: (startAfter: string | null = null) => pagesOf(listPage, startAfter),
    getConversation: (id: string) => getConversation(id),
    /**
     * With the length of its answer's text: how part jobs keep what one invocation holds
     * under their budget without reading the answer twice.
     */
    getConversationSized: async (id: string) => {
      let chars = 0;
      const conversation = await getConversation(id, (n) => {
        chars = n;
      });
      return { conversation, chars };
    },
    /** Page-numbered (1-based), newest deletion first; at most 60 per page. */
    deletedConversationsPage: async (page: number) => {
      const res = await http.request({
        method: "GET",
        path: "/conversations/deleted",
        query: { page, per_page: 60, order: "desc" },
        schema: deletedConversationListSchema,
      });
      return { items: res.conversations, hasMore: Boolean(res.pages?.next) };
    },
  };
}
