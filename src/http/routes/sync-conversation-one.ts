import { createRoute } from "@hono/zod-openapi";
import { audited } from "../../audit/auditor.ts";
import { conversationDepsFor } from "../../deps.ts";
import { AppError } from "../../shared/errors.ts";
import { syncOneConversation } from "../../sync/conversations/one.ts";
import { requireAdmin } from "../admin-auth.ts";
import { requestAuditor } from "../audit.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { ConversationIdParam, ConversationSynced } from "../schemas/sync.ts";

const route = createRoute({
  method: "post",
  path: "/v1/sync/conversations/{id}",
  tags: ["Sync"],
  summary: "Sync one conversation with its parts now",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { params: ConversationIdParam },
  responses: {
    200: json(ConversationSynced, "What was stored"),
    ...adminProblems,
    ...problems(404),
  },
});

export const syncConversationOne = routeApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const services = c.var.services;
  const synced = await audited(
    await requestAuditor(c),
    "sync.conversation",
    () => {
      const client = services.intercom();
      if (!client) throw new AppError("configuration", "INTERCOM_ACCESS_TOKEN is not set");
      return syncOneConversation(
        id,
        conversationDepsFor(services, client),
        services.config.INTERCOM_WORKSPACE_ID,
      );
    },
    { attempted: { target: id }, describe: (s) => ({ target: s.id }) },
  );
  return c.json(
    {
      id: synced.id,
      updated_at: synced.updatedAt,
      parts: synced.parts,
      parts_truncated: synced.partsTruncated,
      alerts: synced.alerts,
    },
    200,
  );
});
