import type { Hono } from "hono";
import type { SyncKind } from "../../db/schema/sync.ts";
import { startSync } from "../../sync/start.ts";
import { syncRequestSchema } from "../../sync/window.ts";
import { readJson } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";
import { runWindowView } from "../views/runs.ts";

/**
 * `POST /v1/sync/contacts` and `POST /v1/sync/conversations`: start a run of that kind now,
 * 202 with the run, 409 when one is already running. `since`/`until` narrow a full run to a
 * created-at range, `hours_back` starts an incremental one that long ago (src/sync/window.ts).
 */
export function registerSyncStart(app: Hono<AppEnv>, kind: SyncKind) {
  app.post(`/v1/sync/${kind}`, requireAdmin, async (c) => {
    const { db, queues, config, clock, intercom } = c.var.services;
    const now = clock.now();
    const { mode, window } = validate(
      syncRequestSchema(Math.floor(now.getTime() / 1000)),
      await readJson(c, 4096).catch(() => ({})),
      "body",
    );
    const run = await startSync(
      kind,
      mode,
      "manual",
      {
        client: intercom(),
        db: db(),
        queue: queues.sync,
        workspaceId: config.INTERCOM_WORKSPACE_ID,
        now,
      },
      window,
    );
    return c.json(
      {
        id: run.id,
        kind: run.kind,
        mode: run.mode,
        status: run.status,
        started_at: run.startedAt,
        ...runWindowView(run),
      },
      202,
    );
  });
}
