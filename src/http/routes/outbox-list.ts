import { createRoute, z } from "@hono/zod-openapi";
import { OUTBOX_KINDS, OUTBOX_STATUSES } from "../../db/schema/outbox.ts";
import { listOutbox } from "../../outbox/rows.ts";
import { requireAdmin } from "../admin-auth.ts";
import { CURSOR_KEYS, decodeCursor, pageFrom } from "../cursor.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { OutboxRow } from "../schemas/operator.ts";
import { pageOf, pageQuery } from "../schemas/page.ts";

const query = z.object({
  status: z.enum(OUTBOX_STATUSES).optional(),
  kind: z.enum(OUTBOX_KINDS).optional(),
  ...pageQuery({ max: 500, default: 50 }),
});

const route = createRoute({
  method: "get",
  path: "/v1/outbox",
  tags: ["Operator"],
  summary: "What the product asked to send to Intercom and what became of it, newest first",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { query },
  responses: { 200: json(pageOf(OutboxRow).openapi("OutboxPage"), "A page"), ...adminProblems },
});

export const outboxList = routeApp().openapi(route, async (c) => {
  const { cursor, limit, ...filter } = c.req.valid("query");
  const rows = await listOutbox(c.var.services.db(), {
    ...filter,
    limit: limit + 1,
    after: decodeCursor(cursor, CURSOR_KEYS.byTimeAndUuid),
  });
  const page = pageFrom(
    rows,
    limit,
    (row) => [row.at, row.id],
    (row) => ({
      id: row.id,
      kind: row.kind,
      idempotency_key: row.idempotencyKey,
      user_id: row.subject,
      status: row.status,
      attempts: row.attempts,
      last_error: row.lastError,
      result: row.result,
      payload: row.payload,
      created_at: row.createdAt,
      next_attempt_at: row.nextAttemptAt,
      delivered_at: row.deliveredAt,
    }),
    { loaded: (row) => row.fits },
  );
  return c.json(page, 200);
});
