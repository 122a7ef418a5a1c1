import type { Hono } from "hono";
import { z } from "zod";
import { OUTBOX_KINDS, OUTBOX_STATUSES } from "../../db/schema/outbox.ts";
import { listOutbox } from "../../outbox/rows.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const query = z.object({
  status: z.enum(OUTBOX_STATUSES).optional(),
  kind: z.enum(OUTBOX_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** What the product asked to send to Intercom and what became of it, newest first. */
export function registerOutboxList(app: Hono<AppEnv>) {
  app.get("/v1/outbox", requireAdmin, async (c) => {
    const filter = validate(query, c.req.query(), "query");
    const rows = await listOutbox(c.var.services.db(), filter);
    return c.json({
      data: rows.map((row) => ({
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
      })),
    });
  });
}
