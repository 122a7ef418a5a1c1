import type { Hono } from "hono";
import { z } from "zod";
import { readConversation } from "../../conversations/read.ts";
import { CURSOR_KEYS, decodeCursor, pageFrom } from "../../http/cursor.ts";
import { validate } from "../../http/validate.ts";
import { CONVERSATION_ID } from "../../intercom/schemas/common.ts";
import { AppError } from "../../shared/errors.ts";
import type { DashboardEnv } from "../env.ts";
import { conversationPage } from "../views/conversation-page.tsx";

const conversationParams = z.object({
  id: z.string().regex(CONVERSATION_ID, "is not a conversation id"),
});
const partsQuery = z.object({ cursor: z.string().min(1).max(1000).optional() });
/** Parts per page: a long conversation stays a small page. */
const PARTS_PER_PAGE = 50;

/** `GET /dashboard/conversations/{id}`: our copy of one conversation, its parts paged. */
export function registerConversationPage(dash: Hono<DashboardEnv>) {
  dash.get("/conversations/:id", async (c) => {
    const { id } = validate(conversationParams, c.req.param(), "path");
    const { cursor } = validate(partsQuery, c.req.query(), "query");
    const { db, config } = c.var.services;
    const read = await readConversation(db(), config.INTERCOM_WORKSPACE_ID, id, {
      after: decodeCursor(cursor, CURSOR_KEYS.byTimeAndText),
      limit: PARTS_PER_PAGE + 1,
    });
    if (!read) throw new AppError("not_found", "no such conversation");
    const parts = pageFrom(
      read.parts,
      PARTS_PER_PAGE,
      (part) => part.key,
      (part) => part,
      { loaded: (part) => part.fits },
    );
    const later = cursor !== undefined;
    return c.html(conversationPage({ read, parts, later, operator: c.var.operator }));
  });
}
