import { z } from "@hono/zod-openapi";
import { Instant, NullableInstant } from "./common.ts";
import { pageOf, pageQuery } from "./page.ts";

/** Intercom keeps at most 500 parts of a conversation, so one page can hold them all. */
export const ConversationReadQuery = z.object({
  workspace_id: z.string().min(1).max(200).optional(),
  ...pageQuery({ max: 500, default: 100 }),
});

export const ConversationPart = z
  .object({
    id: z.string(),
    part_type: z.string().nullable().describe("comment, note, assignment, close, open, …"),
    author_type: z.string().nullable().describe("user, lead, admin, bot, team"),
    author_id: z.string().nullable(),
    body: z.string().nullable().describe("Plain text; null when empty or redacted"),
    created_at: NullableInstant,
    redacted: z.boolean().describe("Blanked: its author was erased, or Intercom redacted it"),
  })
  .openapi("ConversationPart");

const count = z.int().nullable();

export const Conversation = z
  .object({
    id: z.string().describe("Intercom's conversation id"),
    workspace_id: z.string(),
    state: z.string().nullable().describe("open, closed or snoozed"),
    open: z.boolean().nullable(),
    read: z.boolean().nullable(),
    priority: z.string().nullable(),
    title: z.string().nullable(),
    created_at: NullableInstant,
    updated_at: NullableInstant,
    waiting_since: NullableInstant,
    snoozed_until: NullableInstant,
    last_closed_at: NullableInstant,
    source: z.object({
      type: z.string().nullable(),
      author_type: z.string().nullable(),
      author_id: z.string().nullable(),
      body: z.string().nullable().describe("The opening message as plain text"),
    }),
    contacts: z
      .array(
        z.object({
          id: z.string(),
          external_id: z.string().nullable().describe("The product's user_id"),
          email: z.string().nullable(),
          name: z.string().nullable(),
        }),
      )
      .describe("In Intercom's order; no user id, email or name for erased or unknown people"),
    tags: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
    admin_assignee_id: z.string().nullable().describe("Null when unassigned"),
    team_assignee_id: z.string().nullable().describe("Null when unassigned"),
    statistics: z.object({
      first_response_seconds: count,
      time_to_close_seconds: count,
      reopens: count,
      rating: z.number().nullable(),
      rating_remark: z.string().nullable(),
      rated_at: NullableInstant,
    }),
    parts_count: z.int().describe("Parts we store"),
    parts_total: count.describe("Parts Intercom said the conversation has, when it said"),
    parts_truncated: z
      .boolean()
      .describe("Intercom returned only its latest 500 parts: older ones were never stored"),
    parts: pageOf(ConversationPart).describe("A page of the stored parts, oldest first"),
    written_at: Instant,
    written_from: z.string().describe("What last wrote our copy: webhook, sync or api"),
  })
  .openapi("Conversation");
