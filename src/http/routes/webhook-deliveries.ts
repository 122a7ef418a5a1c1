import type { Hono } from "hono";
import { z } from "zod";
import { DELIVERY_STATUSES } from "../../db/schema/index.ts";
import { listDeliveries } from "../../webhooks/inbox.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const query = z.object({
  workspace_id: z.string().min(1).max(200).optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  topic: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** What arrived from Intercom and what became of it, newest first. */
export function registerWebhookDeliveries(app: Hono<AppEnv>) {
  app.get("/v1/webhooks/deliveries", requireAdmin, async (c) => {
    const filter = validate(query, c.req.query(), "query");
    const rows = await listDeliveries(c.var.services.db(), {
      workspaceId: filter.workspace_id,
      status: filter.status,
      topic: filter.topic,
      limit: filter.limit,
    });
    return c.json({
      data: rows.map((row) => ({
        workspace_id: row.workspaceId,
        delivery_key: row.deliveryKey,
        notification_id: row.notificationId,
        topic: row.topic,
        status: row.status,
        attempts: row.attempts,
        last_error: row.lastError,
        intercom_created_at: row.intercomCreatedAt,
        received_at: row.receivedAt,
        processed_at: row.processedAt,
        payload: row.payload,
      })),
    });
  });
}
