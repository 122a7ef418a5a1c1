import { createRoute } from "@hono/zod-openapi";
import { audited } from "../../audit/auditor.ts";
import { bulkReplayDetail } from "../../audit/details.ts";
import { replayDeliveries } from "../../webhooks/replay-bulk.ts";
import { replayFilterSchema } from "../../webhooks/replay-filter.ts";
import { requireAdmin } from "../admin-auth.ts";
import { requestAuditor } from "../audit.ts";
import { jsonBody } from "../json-body.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { BulkReplayBody, BulkReplayed } from "../schemas/webhooks.ts";
import { validate } from "../validate.ts";

const route = createRoute({
  method: "post",
  path: "/v1/webhooks/deliveries/replay",
  tags: ["Operator"],
  summary: "Apply stored deliveries again in bulk: dead, failed or ignored ones, by filter",
  middleware: [requireAdmin, jsonBody(4096)] as const,
  security: ADMIN_SECURITY,
  request: {
    body: { required: true, content: { "application/json": { schema: BulkReplayBody } } },
  },
  responses: {
    202: json(BulkReplayed, "Put back to received and queued (0 when nothing matched)"),
    ...adminProblems,
    ...problems(413),
  },
});

/**
 * `POST /v1/webhooks/deliveries/replay`: up to `limit` matching deliveries back to `received`
 * and queued, in one statement (src/webhooks/replay-bulk.ts). 202 `{replayed, more, as_of}`;
 * a status other than dead, failed or ignored is a 400 naming `status`.
 */
export const webhookReplayBulk = routeApp().openapi(route, async (c) => {
  // The contract checked each field; `until` after `since` is checked here.
  const filter = validate(replayFilterSchema, c.req.valid("json"), "body");
  const { db, queues, clock, logger } = c.var.services;
  // Taken before the statement: every row it replays is processed again after this instant.
  const asOf = filter.processedBefore ?? clock.now();
  const result = await audited(
    await requestAuditor(c),
    "webhook.replay_bulk",
    () =>
      replayDeliveries(
        { db: db(), queue: queues.webhooks, logger },
        { ...filter, processedBefore: asOf },
      ),
    {
      attempted: { detail: bulkReplayDetail(filter) },
      describe: (r) => ({ detail: bulkReplayDetail(filter, r) }),
    },
  );
  return c.json({ ...result, as_of: asOf.toISOString() }, 202);
});
