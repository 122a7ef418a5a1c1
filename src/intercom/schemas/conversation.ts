import { z } from "zod";
import { intercomId, reference, unixSeconds } from "./common.ts";

/** A conversation as webhooks and search pages carry it (no parts needed). */
export const conversationSchema = z.looseObject({
  type: z.literal("conversation").optional(),
  id: intercomId,
  title: z.string().nullish(),
  created_at: unixSeconds,
  updated_at: z.number(),
  open: z.boolean().nullish(),
  state: z.string().nullish(),
  read: z.boolean().nullish(),
  priority: z.string().nullish(),
  admin_assignee_id: intercomId.nullish(),
  team_assignee_id: intercomId.nullish(),
  contacts: z.looseObject({ contacts: z.array(reference).nullish() }).nullish(),
});
export type IntercomConversation = z.infer<typeof conversationSchema>;
