import type { Hono } from "hono";
import { z } from "zod";
import { startSync } from "../../sync/start.ts";
import { readJson } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const body = z.strictObject({ mode: z.enum(["incremental", "full"]).default("incremental") });

/** Starts a contact sync now: 202 with the run, 409 when one is already running. */
export function registerSyncContactsStart(app: Hono<AppEnv>) {
  app.post("/v1/sync/contacts", requireAdmin, async (c) => {
    const { mode } = validate(body, await readJson(c, 4096).catch(() => ({})), "body");
    const { db, queues, config, clock, intercom } = c.var.services;
    const run = await startSync("contacts", mode, "manual", {
      client: intercom(),
      db: db(),
      queue: queues.sync,
      workspaceId: config.INTERCOM_WORKSPACE_ID,
      now: clock.now(),
    });
    return c.json(
      { id: run.id, mode: run.mode, status: run.status, started_at: run.startedAt },
      202,
    );
  });
}
