import type { Hono } from "hono";
import { z } from "zod";
import type { SyncKind } from "../../db/schema/sync.ts";
import { startSync } from "../../sync/start.ts";
import { readJson } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const body = z.strictObject({ mode: z.enum(["incremental", "full"]).default("incremental") });

/**
 * `POST /v1/sync/contacts` and `POST /v1/sync/conversations`: start a run of that kind now,
 * 202 with the run, 409 when one is already running.
 */
export function registerSyncStart(app: Hono<AppEnv>, kind: SyncKind) {
  app.post(`/v1/sync/${kind}`, requireAdmin, async (c) => {
    const { mode } = validate(body, await readJson(c, 4096).catch(() => ({})), "body");
    const { db, queues, config, clock, intercom } = c.var.services;
    const run = await startSync(kind, mode, "manual", {
      client: intercom(),
      db: db(),
      queue: queues.sync,
      workspaceId: config.INTERCOM_WORKSPACE_ID,
      now: clock.now(),
    });
    return c.json(
      { id: run.id, kind: run.kind, mode: run.mode, status: run.status, started_at: run.startedAt },
      202,
    );
  });
}
