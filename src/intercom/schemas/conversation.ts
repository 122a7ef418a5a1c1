import { z } from "zod";
import { intercomId, reference } from "./common.ts";
import { requiredTimestamp, secondsOf, timestamp } from "./timestamp.ts";

/** A duration or a count: a number, now and then written as a numeric string. */
const quantity = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((value) => {
    if (value === undefined) return undefined;
    if (value === null || value === "") return null;
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  });

/**
 * The measures support teams track; search results carry them, so no extra call is needed.
 * Webhooks write its `*_at` fields as ISO-8601 strings, REST answers as Unix seconds.
 * `count_conversation_parts` counts the opening message too: parts + 1.
 */
const conversationStatisticsSchema = z
  .looseObject({
    time_to_admin_reply: quantity,
    time_to_first_close: quantity,
    time_to_last_close: quantity,
    first_admin_reply_at: timestamp,
    last_close_at: timestamp,
    count_reopens: quantity,
    count_conversation_parts: quantity,
  })
  // Every other `*_at` too (first_contact_reply_at, last_assignment_at, …): the stored
  // statistics are one shape whichever way they came, and a time we cannot read is null.
  .transform(
    (stats) =>
      Object.fromEntries(
        Object.entries(stats).map(([key, value]) => [
          key,
          key.endsWith("_at") && value !== undefined ? (secondsOf(value) ?? null) : value,
        ]),
      ) as typeof stats,
  );

/** A conversation as webhooks and search pages carry it (no parts needed). */
export const conversationSchema = z.looseObject({
  type: z.literal("conversation").optional(),
  id: intercomId,
  title: z.string().nullish(),
  created_at: timestamp,
  updated_at: requiredTimestamp,
  waiting_since: timestamp,
  snoozed_until: timestamp,
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
      created_at: timestamp,
    })
    .nullish(),
});
export type IntercomConversation = z.infer<typeof conversationSchema>;

/** `GET /conversations/deleted`: page-numbered, newest first by default. */
export const deletedConversationListSchema = z.looseObject({
  conversations: z.array(z.looseObject({ id: intercomId, deleted_at: timestamp })),
  total_count: z.number().nullish(),
  pages: z.looseObject({ page: z.number().nullish(), next: z.string().nullish() }).nullish(),
});
