import type { Command } from "commander";
import { CONVERSATION_ID } from "../../../src/intercom/schemas/common.ts";
import { InputError } from "../config.ts";
import { line, out, printJson, printRecord, printTable, seconds } from "../output.ts";
import type { Context } from "./context.ts";
import { limitOption } from "./lists.ts";

interface Part {
  id: string;
  part_type: string | null;
  author_type: string | null;
  author_id: string | null;
  body: string | null;
  created_at: string | null;
  redacted: boolean;
}

/** `GET /v1/conversations/{id}` (src/http/schemas/conversations.ts), the fields shown here. */
interface StoredConversation {
  id: string;
  title: string | null;
  state: string | null;
  priority: string | null;
  created_at: string | null;
  updated_at: string | null;
  waiting_since: string | null;
  snoozed_until: string | null;
  last_closed_at: string | null;
  admin_assignee_id: string | null;
  team_assignee_id: string | null;
  contacts: Array<{ id: string; email: string | null }>;
  tags: Array<{ id: string; name: string | null }>;
  statistics: {
    first_response_seconds: number | null;
    time_to_close_seconds: number | null;
    reopens: number | null;
    rating: number | null;
  };
  parts_count: number;
  parts_total: number | null;
  parts_truncated: boolean;
  parts: { data: Part[]; next_cursor: string | null };
}

/** A part's body on one table line. */
const oneLine = (p: Part) =>
  p.redacted ? "(redacted)" : (p.body ?? "").replace(/\s+/g, " ").trim().slice(0, 100);

const duration = (s: number | null) => (s === null ? null : seconds(s));
const author = (p: Part) => [p.author_type, p.author_id].filter(Boolean).join(" ") || null;

/** Our stored copy of one conversation: a summary and its latest parts. */
export function registerConversation(program: Command, ctx: Context) {
  program
    .command("conversation")
    .description("our stored copy of one conversation: summary and its latest parts")
    .argument("<id>", "Intercom's conversation id")
    .addOption(limitOption(500, "20"))
    .option("--json", "machine output only (the conversation with the parts shown)")
    .action(async (id: string, o: { limit: string; json?: boolean }) => {
      if (!CONVERSATION_ID.test(id)) throw new InputError(`${id} is not a conversation id`);
      const path = `/v1/conversations/${id}`;
      // Parts come oldest first; the latest are the last page (Intercom keeps 500 at most).
      const first = await ctx.api().get<StoredConversation>(path, { limit: 500 });
      const parts = [...first.parts.data];
      let cursor = first.parts.next_cursor;
      while (cursor) {
        const next = await ctx.api().get<StoredConversation>(path, { limit: 500, cursor });
        parts.push(...next.parts.data);
        cursor = next.parts.next_cursor;
      }
      const shown = parts.slice(-Number(o.limit));
      if (o.json) return printJson({ ...first, parts: shown });
      const c = first;
      line(`conversation ${c.id}${c.title ? `: ${c.title}` : ""}`);
      printRecord({
        state: c.state,
        priority: c.priority,
        created_at: c.created_at,
        updated_at: c.updated_at,
        waiting_since: c.waiting_since,
        snoozed_until: c.snoozed_until,
        last_closed_at: c.last_closed_at,
        admin: c.admin_assignee_id,
        team: c.team_assignee_id,
        contacts: c.contacts.map((k) => (k.email ? `${k.id} ${k.email}` : k.id)).join(", "),
        tags: c.tags.map((t) => t.name ?? t.id).join(", "),
        first_response: duration(c.statistics.first_response_seconds),
        time_to_close: duration(c.statistics.time_to_close_seconds),
        reopens: c.statistics.reopens,
        rating: c.statistics.rating,
        parts: `${c.parts_count} stored${c.parts_total === null ? "" : ` of ${c.parts_total}`}`,
        parts_truncated: c.parts_truncated,
      });
      line(out.bold(`last ${shown.length} of ${parts.length} parts`));
      printTable(
        ["created", "type", "author", "body"],
        shown.map((p) => [p.created_at, p.part_type, author(p), oneLine(p)]),
      );
    });
}
