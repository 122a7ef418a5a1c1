import type { Hono } from "hono";
import { z } from "zod";
import { AppError } from "../../shared/errors.ts";
import { runWithProgress } from "../../sync/progress.ts";
import { listRuns, runTotals } from "../../sync/runs.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";
import { runListItemView, runProgressView } from "../views/runs.ts";

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });
const params = z.object({ id: z.uuid() });

export function registerSyncRuns(app: Hono<AppEnv>) {
  app.get("/v1/sync/runs", requireAdmin, async (c) => {
    const { limit } = validate(listQuery, c.req.query(), "query");
    const { db, config } = c.var.services;
    const runs = await listRuns(db(), config.INTERCOM_WORKSPACE_ID, limit);
    return c.json({
      data: runs.map((r) => runListItemView(runTotals(r))),
    });
  });
  app.get("/v1/sync/runs/:id", requireAdmin, async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const run = await runWithProgress(c.var.services.db(), id, c.var.services.clock.now());
    if (!run) throw new AppError("not_found", `no sync run ${id}`);
    return c.json(runProgressView(run));
  });
}
