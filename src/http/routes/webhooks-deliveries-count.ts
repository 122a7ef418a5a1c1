import { createRoute } from "@hono/zod-openapi";
import { countDeliveries } from "../../webhooks/replay-bulk.ts";
import { countFilterSchema } from "../../webhooks/replay-filter.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { DeliveryCounts, DeliveryCountsQuery } from "../schemas/webhooks.ts";
import { routeApp } from "../support/route-app.ts";
import { validate } from "../support/validate.ts";

const route = createRoute({
  method: "get",
  path: "/v1/webhooks/deliveries/counts",
  tags: ["Operator"],
  summary:
    "Deliveries by status, in a workspace, topic and received_at range; with `processed_since`, only those processed since (and those still waiting): what a bulk replay became",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { query: DeliveryCountsQuery },
  responses: { 200: json(DeliveryCounts, "Counts by status"), ...adminProblems },
});

export const webhooksDeliveriesCount = routeApp().openapi(route, async (c) => {
  const filter = validate(countFilterSchema, c.req.valid("query"), "query");
  return c.json(await countDeliveries(c.var.services.db(), filter), 200);
});
