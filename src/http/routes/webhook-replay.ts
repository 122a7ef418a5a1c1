import { createRoute, z } from "@hono/zod-openapi";
import { audited } from "../../audit/auditor.ts";
import { DELIVERY_STATUSES } from "../../db/statuses.ts";
import { replayDelivery } from "../../webhooks/replay.ts";
import { requireAdmin } from "../admin-auth.ts";
import { requestAuditor } from "../audit.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";

const params = z.object({
  key: z.string().min(1).max(200).openapi({ description: "The delivery's dedupe key" }),
});
const query = z.object({
  workspace_id: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: "Needed only when the key is known in several workspaces" }),
});
const Replayed = z
  .object({
    workspace_id: z.string(),
    delivery_key: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    changed: z.boolean().describe("False when it was already waiting to be applied"),
  })
  .openapi("DeliveryReplayed");

const route = createRoute({
  method: "post",
  path: "/v1/webhooks/deliveries/{key}/replay",
  tags: ["Operator"],
  summary: "Apply a dead or failed webhook delivery again",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { params, query },
  responses: {
    202: json(Replayed, "Queued (also when it was already waiting)"),
    ...adminProblems,
    ...problems(404, 409),
  },
});

/** 404 unknown, 409 applied or ignored. */
export const webhookReplay = routeApp().openapi(route, async (c) => {
  const { key } = c.req.valid("param");
  const { workspace_id } = c.req.valid("query");
  const { db, queues } = c.var.services;
  const replayed = await audited(
    await requestAuditor(c),
    "webhook.replay",
    () =>
      replayDelivery(
        { db: db(), queue: queues.webhooks },
        { deliveryKey: key, workspaceId: workspace_id },
      ),
    {
      attempted: { target: key },
      describe: (r) => ({ target: r.deliveryKey, detail: { changed: r.changed } }),
    },
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
