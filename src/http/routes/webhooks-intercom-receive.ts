import { createRoute, z } from "@hono/zod-openapi";
import { receiveWebhook } from "../../webhooks/receive.ts";
import { queueFirstSink } from "../../webhooks/sink.ts";
import { readBodyWithLimit } from "../middleware/read-body.ts";
import { json, problems } from "../schemas/common.ts";
import { routeApp } from "../support/route-app.ts";

const WEBHOOK_BODY_LIMIT = 1024 * 1024;

const Received = z
  .object({ received: z.literal(true), delivery_key: z.string(), topic: z.string() })
  .openapi("WebhookReceived");

const check = createRoute({
  method: "get",
  path: "/webhooks/intercom",
  tags: ["Intercom"],
  summary: "The endpoint check (Intercom's Developer Hub sends HEAD, answered the same)",
  responses: {
    200: { description: "A line of text", content: { "text/plain": { schema: z.string() } } },
    ...problems(400, 500),
  },
});

/** HEAD is what the Developer Hub sends; Hono answers it with the GET route, minus the body. */
const checkHead = {
  ...check,
  method: "head" as const,
  summary: "The endpoint check Intercom sends",
};

const receive = createRoute({
  method: "post",
  path: "/webhooks/intercom",
  tags: ["Intercom"],
  summary: "Intercom's signed webhook notifications",
  description:
    "200 only once the delivery is stored. Never 410 (Intercom would disable the subscription) and never 429.",
  request: {
    headers: z.object({
      "x-hub-signature": z.string().optional().openapi({
        description: "`sha1=<hex HMAC-SHA1 of the raw body, keyed by the client secret>`",
      }),
    }),
    body: {
      required: true,
      content: {
        "application/json": {
          // The raw bytes are what is signed: nothing may parse the body before it is verified.
          schema: { type: "object", description: "An Intercom notification envelope" },
        },
      },
    },
  },
  responses: {
    200: json(Received, "Stored"),
    ...problems(400, 401, 413, 500, 503),
  },
});

/**
 * Intercom's webhook endpoint. HEAD answers 200 (the Developer Hub checks the URL that way).
 * POST answers 200 only once the delivery is stored; errors are 400, 401, 413 or 503, never
 * 410 (it disables the subscription) and never 429 (it throttles and may drop deliveries).
 */
export const webhooksIntercomReceive = routeApp()
  .openapi(check, (c) =>
    c.text("Intercom webhook endpoint: POST signed notifications here.\n", 200),
  )
  .openapi(receive, async (c) => {
    const { config, clock, logger, queues, db } = c.var.services;
    const body = await readBodyWithLimit(c.req.raw, WEBHOOK_BODY_LIMIT);
    const delivery = await receiveWebhook(body, c.req.header("x-hub-signature") ?? null, {
      secrets: config.INTERCOM_CLIENT_SECRET,
      clock,
      sink: queueFirstSink(queues.webhooks, db, logger),
    });
    // Stored (the 200 says so), then ignored by the consumer, never applied: its people are
    // not ours to hold (src/webhooks/apply/screen.ts). Said here too, as it comes in.
    if (delivery.workspaceId !== config.INTERCOM_WORKSPACE_ID)
      logger.warn("webhook for a workspace this service does not sync: stored, never applied", {
        app_id: delivery.workspaceId,
        workspace: config.INTERCOM_WORKSPACE_ID,
      });
    return c.json(
      { received: true as const, delivery_key: delivery.deliveryKey, topic: delivery.topic },
      200,
    );
  });
// In the document only: no handler of its own is needed (or ever reached) for HEAD.
webhooksIntercomReceive.openAPIRegistry.registerPath(checkHead);
