import { createRoute, z } from "@hono/zod-openapi";
import { audited } from "../../audit/auditor.ts";
import { OUTBOX_STATUSES } from "../../db/statuses.ts";
import { retryOutboxRow } from "../../outbox/retry.ts";
import { requireAdmin } from "../admin-auth.ts";
import { requestAuditor } from "../audit.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";

const params = z.object({ id: z.uuid().openapi({ description: "The outbox row's id" }) });
const Retried = z
  .object({
    id: z.uuid(),
    status: z.enum(OUTBOX_STATUSES),
    attempts: z.int(),
    changed: z.boolean().describe("False when it was already pending"),
  })
  .openapi("OutboxRetried");

const route = createRoute({
  method: "post",
  path: "/v1/outbox/{id}/retry",
  tags: ["Operator"],
  summary: "Send a dead (or failed) write to Intercom again now",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { params },
  responses: {
    202: json(Retried, "Queued (also when it was already pending)"),
    ...adminProblems,
    ...problems(404, 409),
  },
});

/** 404 unknown, 409 delivered. */
export const outboxRetry = routeApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const { db, queues, clock } = c.var.services;
  const retried = await audited(
    await requestAuditor(c),
    "outbox.retry",
    () => retryOutboxRow({ db: db(), queue: queues.outbox, now: clock.now() }, id),
    {
      attempted: { target: id },
      describe: (r) => ({ target: r.id, detail: { changed: r.changed } }),
    },
  );
  return c.json(
    {
      id: retried.id,
      status: retried.status,
      attempts: retried.attempts,
      changed: retried.changed,
    },
    202,
  );
});
