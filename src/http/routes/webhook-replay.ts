import type { Hono } from "hono";
import { z } from "zod";
import { replayDelivery } from "../../webhooks/replay.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const params = z.object({ key: z.string().min(1).max(200) });
const query = z.object({ workspace_id: z.string().min(1).max(200).optional() });

/**
 * `POST /v1/webhooks/deliveries/{key}/replay`: a dead or failed delivery is applied again.
 * 202 once queued (also for one already waiting), 404 unknown, 409 applied or ignored.
 */
export function registerWebhookReplay(app: Hono<AppEnv>) {
  app.post("/v1/webhooks/deliveries/:key/replay", requireAdmin, async (c) => {
    const { key } = validate(params, c.req.param(), "path");
    const { workspace_id } = validate(query, c.req.query(), "query");
    const { db, queues } = c.var.services;
    const replayed = await replayDelivery(
      { db: db(), queue: queues.webhooks },
      { deliveryKey: key, workspaceId: workspace_id },
    );
    return c.json(
      {
        workspace_id: replayed.workspaceId,
        delivery_key: replayed.deliveryKey,
        status: replayed.status,
        changed: replayed.changed,
      },
      202,
    );
  });
}
