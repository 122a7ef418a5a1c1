import { createRoute, z } from "@hono/zod-openapi";
import { DELIVERY_STATUSES } from "../../db/schema/index.ts";
import { listDeliveries } from "../../webhooks/inbox.ts";
import { requireAdmin } from "../admin-auth.ts";
import { CURSOR_KEYS, decodeCursor, pageFrom } from "../cursor.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { Delivery } from "../schemas/operator.ts";
import { pageOf, pageQuery } from "../schemas/page.ts";

const query = z.object({
  workspace_id: z.string().min(1).max(200).optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  topic: z.string().min(1).max(200).optional(),
  ...pageQuery({ max: 200, default: 50 }),
});

const route = createRoute({
  method: "get",
  path: "/v1/webhooks/deliveries",
  tags: ["Operator"],
  summary: "What arrived from Intercom and what became of it, newest first",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { query },
  responses: { 200: json(pageOf(Delivery).openapi("DeliveryPage"), "A page"), ...adminProblems },
});

export const webhookDeliveries = routeApp().openapi(route, async (c) => {
  const filter = c.req.valid("query");
  const rows = await listDeliveries(c.var.services.db(), {
    workspaceId: filter.workspace_id,
    status: filter.status,
    topic: filter.topic,
    limit: filter.limit + 1,
    after: decodeCursor(filter.cursor, CURSOR_KEYS.deliveries),
  });
  const page = pageFrom(
    rows,
    filter.limit,
    (row) => [row.at, row.workspaceId, row.deliveryKey],
    (row) => ({
      workspace_id: row.workspaceId,
      delivery_key: row.deliveryKey,
      notification_id: row.notificationId,
      topic: row.topic,
      status: row.status,
      attempts: row.attempts,
      last_error: row.lastError,
      ignored_reason: row.ignoredReason,
      intercom_created_at: row.intercomCreatedAt,
      received_at: row.receivedAt,
      processed_at: row.processedAt,
      payload: row.payload,
    }),
    { loaded: (row) => row.fits },
  );
  return c.json(page, 200);
});
