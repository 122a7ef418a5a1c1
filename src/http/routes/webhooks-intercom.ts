import type { Hono } from "hono";
import { receiveWebhook } from "../../webhooks/receive.ts";
import { queueFirstSink } from "../../webhooks/sink.ts";
import type { AppEnv } from "../app-env.ts";
import { readBodyWithLimit } from "../read-body.ts";

export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * Intercom's webhook endpoint. HEAD answers 200 (the Developer Hub checks the URL that way).
 * POST answers 200 only once the delivery is stored; errors are 400, 401, 413 or 503, never
 * 410 (it disables the subscription) and never 429 (it throttles and may drop deliveries).
 */
export function registerIntercomWebhook(app: Hono<AppEnv>) {
  // Hono answers HEAD with the GET route minus its body.
  app.get("/webhooks/intercom", (c) =>
    c.text("Intercom webhook endpoint: POST signed notifications here.\n"),
  );
  app.post("/webhooks/intercom", async (c) => {
    const { config, clock, logger, queues, db } = c.var.services;
    const body = await readBodyWithLimit(c.req.raw, WEBHOOK_BODY_LIMIT);
    const delivery = await receiveWebhook(body, c.req.header("x-hub-signature") ?? null, {
      secrets: config.INTERCOM_CLIENT_SECRET,
      clock,
      sink: queueFirstSink(queues.webhooks, db, logger),
    });
    // Stored under its own workspace either way; but syncs write under INTERCOM_WORKSPACE_ID,
    // so a mismatch means two copies of the same people that never meet.
    if (delivery.workspaceId !== config.INTERCOM_WORKSPACE_ID)
      logger.warn("webhook for a workspace this service does not sync", {
        app_id: delivery.workspaceId,
        workspace: config.INTERCOM_WORKSPACE_ID,
      });
    return c.json({ received: true, delivery_key: delivery.deliveryKey, topic: delivery.topic });
  });
}
