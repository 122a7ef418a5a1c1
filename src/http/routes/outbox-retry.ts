import type { Hono } from "hono";
import { z } from "zod";
import { retryOutboxRow } from "../../outbox/retry.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const params = z.object({ id: z.uuid() });

/**
 * `POST /v1/outbox/{id}/retry`: a dead (or failed) write is sent again now. 202 once queued
 * (also for one already pending), 404 unknown, 409 delivered.
 */
export function registerOutboxRetry(app: Hono<AppEnv>) {
  app.post("/v1/outbox/:id/retry", requireAdmin, async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const { db, queues, clock } = c.var.services;
    const retried = await retryOutboxRow({ db: db(), queue: queues.outbox, now: clock.now() }, id);
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
}
