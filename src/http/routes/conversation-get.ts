import { createRoute } from "@hono/zod-openapi";
import { readConversation } from "../../conversations/read.ts";
import { PAGE_BYTES } from "../../db/page-budget.ts";
import { AppError } from "../../shared/errors.ts";
import { requireAdmin } from "../admin-auth.ts";
import { CURSOR_KEYS, decodeCursor, jsonBytes, pageFrom } from "../cursor.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { Conversation, ConversationReadQuery } from "../schemas/conversations.ts";
import { ConversationIdParam } from "../schemas/sync.ts";
import { conversationPartView, conversationView } from "../views/conversations.ts";

const route = createRoute({
  method: "get",
  path: "/v1/conversations/{id}",
  tags: ["Conversations"],
  summary: "Our copy of one conversation, with a page of its parts (oldest first)",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { params: ConversationIdParam, query: ConversationReadQuery },
  responses: {
    200: json(Conversation, "The conversation"),
    ...adminProblems,
    ...problems(404),
  },
});

export const conversationGet = routeApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const { workspace_id, cursor, limit } = c.req.valid("query");
  const { db, config } = c.var.services;
  const read = await readConversation(db(), workspace_id ?? config.INTERCOM_WORKSPACE_ID, id, {
    after: decodeCursor(cursor, CURSOR_KEYS.byTimeAndText),
    limit: limit + 1,
  });
  // A deleted conversation is a tombstone: as unknown as one we never had.
  if (!read) throw new AppError("not_found", `no conversation ${id}`);
  // The parts share the page budget with the conversation itself (and the cursor's room).
  const rest = jsonBytes(conversationView(read, { data: [], next_cursor: null })) + 1024;
  const parts = pageFrom(read.parts, limit, (part) => part.key, conversationPartView, {
    budget: PAGE_BYTES - rest,
    loaded: (part) => part.fits,
  });
  return c.json(conversationView(read, parts), 200);
});
