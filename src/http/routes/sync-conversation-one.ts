import type { Hono } from "hono";
import { z } from "zod";
import { conversationDepsFor } from "../../deps.ts";
import { CONVERSATION_ID } from "../../intercom/schemas/common.ts";
import { AppError } from "../../shared/errors.ts";
import { syncOneConversation } from "../../sync/conversations/one.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const params = z.object({
  id: z.string().regex(CONVERSATION_ID, "is not a conversation id"),
});

/** Syncs one conversation with its parts at once: 200 with what was stored. */
export function registerSyncConversationOne(app: Hono<AppEnv>) {
  app.post("/v1/sync/conversations/:id", requireAdmin, async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const services = c.var.services;
    const client = services.intercom();
    if (!client) throw new AppError("configuration", "INTERCOM_ACCESS_TOKEN is not set");
    const synced = await syncOneConversation(
      id,
      conversationDepsFor(services, client),
      services.config.INTERCOM_WORKSPACE_ID,
    );
    return c.json({
      id: synced.id,
      updated_at: synced.updatedAt,
      parts: synced.parts,
      parts_truncated: synced.partsTruncated,
      alerts: synced.alerts,
    });
  });
}
