import type { Command } from "commander";
import type { InferResponseType } from "hono/client";
import { CONVERSATION_ID } from "../../../src/intercom/schemas/common.ts";
import { type Client, param } from "../api.ts";
import { InputError } from "../config.ts";
import { line, out, printJson, printRecord, printTable, seconds } from "../output.ts";
import type { Context } from "./context.ts";
import { limitOption } from "./lists.ts";

/** `GET /v1/conversations/{id}`: our stored copy with one page of its parts. */
type StoredConversation = InferResponseType<Client["v1"]["conversations"][":id"]["$get"], 200>;
type Part = StoredConversation["parts"]["data"][number];

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
      const read = (cursor?: string) =>
        ctx.api().ok((c) =>
          c.v1.conversations[":id"].$get({
            param: { id: param(id) },
            query: { limit: "500", ...(cursor ? { cursor } : {}) },
          }),
        );
      // Parts come oldest first; the latest are the last page (Intercom keeps 500 at most).
      const first = await read();
      const parts = [...first.parts.data];
      let cursor = first.parts.next_cursor;
      while (cursor) {
        const next = await read(cursor);
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
