import { z } from "zod";
import { intercomId } from "./common.ts";
import { timestamp } from "./timestamp.ts";

/** Intercom's error body: branch on `code`, never on `message`. */
export const errorListSchema = z.looseObject({
  type: z.literal("error.list"),
  request_id: z.string().nullish(),
  errors: z.array(
    z.looseObject({ code: z.string(), message: z.string().nullish(), field: z.string().nullish() }),
  ),
});

/** `pages.next.starting_after` is the only way to the next page: pages cannot be jumped to. */
export const cursorPagesSchema = z
  .looseObject({
    next: z.looseObject({ starting_after: z.string().nullish() }).nullish(),
    // `GET /conversations` (2.9) answers `per_page: "100"`: a number as a string.
    page: z.coerce.number().nullish(),
    per_page: z.coerce.number().nullish(),
    total_pages: z.coerce.number().nullish(),
  })
  .nullish();

export function listOf<T extends z.ZodType>(item: T) {
  return z.looseObject({
    type: z.string().optional(),
    data: z.array(item),
    total_count: z.number().nullish(),
    pages: cursorPagesSchema,
  });
}

export function conversationListOf<T extends z.ZodType>(item: T) {
  return z.looseObject({
    type: z.string().optional(),
    conversations: z.array(item),
    total_count: z.number().nullish(),
    pages: cursorPagesSchema,
  });
}

export const deletedContactSchema = z.looseObject({
  id: intercomId,
  deleted: z.boolean().optional(),
});

export const noteSchema = z.looseObject({
  type: z.literal("note").optional(),
  id: intercomId,
  created_at: timestamp,
  body: z.string().nullish(),
});

export const messageSchema = z.looseObject({
  type: z.string().optional(),
  id: intercomId,
  created_at: timestamp,
  message_type: z.string().nullish(),
  conversation_id: intercomId.nullish(),
});

export const conversationPartSchema = z.looseObject({
  type: z.string().optional(),
  id: intercomId,
  part_type: z.string().nullish(),
  body: z.string().nullish(),
  created_at: timestamp,
  updated_at: timestamp,
  author: z.looseObject({ type: z.string().nullish(), id: intercomId.nullish() }).nullish(),
  attachments: z.array(z.looseObject({})).nullish(),
  redacted: z.boolean().nullish(),
});
export type IntercomConversationPart = z.infer<typeof conversationPartSchema>;

export const adminSchema = z.looseObject({
  type: z.string().optional(),
  id: intercomId,
  name: z.string().nullish(),
  email: z.string().nullish(),
  away_mode_enabled: z.boolean().nullish(),
  team_ids: z.array(intercomId).nullish(),
});

export const teamSchema = z.looseObject({
  id: intercomId,
  name: z.string().nullish(),
  admin_ids: z.array(intercomId).nullish(),
});
