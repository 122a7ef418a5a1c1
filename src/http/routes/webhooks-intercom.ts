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
    return c.json({ received: true, delivery_key: delivery.deliveryKey, topic: delivery.topic });
  });
}
