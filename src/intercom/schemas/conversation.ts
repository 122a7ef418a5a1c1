import { z } from "zod";
import { intercomId, reference, unixSeconds } from "./common.ts";

const seconds = z.number().nullish();

/** The measures support teams track; search results carry them, so no extra call is needed. */
export const conversationStatisticsSchema = z.looseObject({
  time_to_admin_reply: seconds,
  time_to_first_close: seconds,
  time_to_last_close: seconds,
  first_admin_reply_at: unixSeconds,
  last_close_at: unixSeconds,
  count_reopens: z.number().nullish(),
  count_conversation_parts: z.number().nullish(),
});

/** A conversation as webhooks and search pages carry it (no parts needed). */
export const conversationSchema = z.looseObject({
  type: z.literal("conversation").optional(),
  id: intercomId,
  title: z.string().nullish(),
  created_at: unixSeconds,
  updated_at: z.number(),
  waiting_since: unixSeconds,
  snoozed_until: unixSeconds,
  open: z.boolean().nullish(),
  state: z.string().nullish(),
  read: z.boolean().nullish(),
  priority: z.string().nullish(),
  admin_assignee_id: intercomId.nullish(),
  team_assignee_id: intercomId.nullish(),
  contacts: z.looseObject({ contacts: z.array(reference).nullish() }).nullish(),
  source: z
    .looseObject({
      type: z.string().nullish(),
      body: z.string().nullish(),
      author: z.looseObject({ type: z.string().nullish(), id: intercomId.nullish() }).nullish(),
    })
    .nullish(),
  tags: z
    .looseObject({
      tags: z.array(z.looseObject({ id: intercomId, name: z.string().nullish() })).nullish(),
    })
    .nullish(),
  statistics: conversationStatisticsSchema.nullish(),
  conversation_rating: z
    .looseObject({
      rating: z.number().nullish(),
      remark: z.string().nullish(),
      created_at: unixSeconds,
    })
    .nullish(),
});
export type IntercomConversation = z.infer<typeof conversationSchema>;

/** `GET /conversations/deleted`: page-numbered, newest first by default. */
export const deletedConversationListSchema = z.looseObject({
  conversations: z.array(z.looseObject({ id: intercomId, deleted_at: unixSeconds })),
  total_count: z.number().nullish(),
  pages: z.looseObject({ page: z.number().nullish(), next: z.string().nullish() }).nullish(),
});
