import { bodyObject, errorList, ok, type Route } from "./http-kit.ts";
import type { ConversationRecord } from "./model.ts";
import { faultyPage, servedParts } from "./paging-faults.ts";
import { renderConversation } from "./render.ts";
import { compileQuery, SearchQueryError } from "./search.ts";

const FIELD_OF: Record<string, (c: ConversationRecord) => unknown> = {
  id: (c) => c.id,
  created_at: (c) => c.createdAt,
  updated_at: (c) => c.updatedAt,
  state: (c) => c.state,
  open: (c) => c.state !== "closed",
  read: (c) => c.read,
  priority: (c) => c.priority,
  admin_assignee_id: (c) => c.adminAssigneeId,
  team_assignee_id: (c) => c.teamAssigneeId,
  contact_ids: (c) => c.contactId,
};

export const conversationRoutes: Route[] = [
  {
    method: "GET",
    template: "/conversations",
    handler: (req, ctx) => {
      const all = ctx.ws.conversationOrder.flatMap((id) => ctx.ws.conversations.get(id) ?? []);
      const { page, pages, total } = faultyPage(
        all,
        req.query.get("per_page") ?? 20,
        req.query.get("starting_after"),
        ctx.knobs().faults,
      );
      return ok({
        type: "conversation.list",
        conversations: page.map((c) => renderConversation(ctx.ws, c)),
        total_count: total,
        // This list (not search) answers per_page as a string, as Intercom does.
        pages: { ...pages, per_page: String(pages.per_page) },
      });
    },
  },
  {
    method: "POST",
    template: "/conversations/search",
    handler: (req, ctx) => {
      const body = bodyObject(req);
      let predicate: ReturnType<typeof compileQuery>;
      try {
        predicate = compileQuery(body.query);
      } catch (error) {
        if (error instanceof SearchQueryError)
          return errorList(400, "parameter_invalid", error.message, "query");
        throw error;
      }
      const matches = ctx.ws.conversationOrder
        .flatMap((id) => ctx.ws.conversations.get(id) ?? [])
        .filter((c) => predicate((field) => FIELD_OF[field]?.(c)));
      const sort = body.sort as { field?: string; order?: string } | undefined;
      if (sort?.field) {
        const read = FIELD_OF[sort.field];
        if (!read)
          return errorList(400, "parameter_invalid", `cannot sort by ${sort.field}`, "sort");
        const sign = sort.order === "descending" ? -1 : 1;
        matches.sort(
          (a, b) => sign * (Number(read(a) ?? 0) - Number(read(b) ?? 0)) || (a.id < b.id ? -1 : 1),
        );
      }
      const pagination = (body.pagination ?? {}) as {
        per_page?: unknown;
        starting_after?: string | null;
      };
      const { page, pages, total } = faultyPage(
        matches,
        pagination.per_page ?? 20,
        pagination.starting_after ?? null,
        ctx.knobs().faults,
      );
      // Search results carry statistics and rating, never parts.
      return ok({
        type: "conversation.list",
        conversations: page.map((c) => renderConversation(ctx.ws, c)),
        total_count: total,
        pages,
      });
    },
  },
  {
    method: "GET",
    template: "/conversations/deleted",
    handler: (req, ctx) => {
      // Page-numbered, unlike the cursor-paged lists: `page` and a `next` URL.
      const perPage = Math.min(60, Math.max(1, Number(req.query.get("per_page") ?? 20) || 20));
      const page = Math.max(1, Number(req.query.get("page") ?? 1) || 1);
      const all = [...ctx.ws.deletedConversations];
      if (req.query.get("order") !== "asc") all.reverse();
      const slice = all.slice((page - 1) * perPage, page * perPage);
      const totalPages = Math.max(1, Math.ceil(all.length / perPage));
      return ok({
        type: "conversations.list",
        conversations: slice.map((d) => ({
          type: "conversation",
          id: d.id,
          metrics_retained: false,
          deleted_at: d.deletedAt,
        })),
        total_count: all.length,
        pages: {
          type: "pages",
          page,
          per_page: perPage,
          total_pages: totalPages,
          next:
            page < totalPages
              ? `https://api.intercom.io/conversations/deleted?per_page=${perPage}&page=${page + 1}`
              : null,
        },
      });
    },
  },
  {
    method: "GET",
    template: "/conversations/{id}",
    handler: (req, ctx) => {
      const c = ctx.ws.conversations.get(req.params.id ?? "");
      if (!c) return errorList(404, "not_found", "Resource Not Found");
      const rendered = renderConversation(
        ctx.ws,
        c,
        true,
        req.query.get("display_as") === "plaintext",
      );
      return ok(servedParts(rendered, ctx.knobs().faults.extraParts));
    },
  },
];
