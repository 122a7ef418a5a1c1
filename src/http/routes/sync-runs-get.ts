import { createRoute } from "@hono/zod-openapi";
import { AppError } from "../../shared/errors.ts";
import { runWithProgress } from "../../sync/progress.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { RunIdParam, RunProgress } from "../schemas/sync.ts";
import { routeApp } from "../support/route-app.ts";
import { runProgressView } from "../views/runs.ts";

const route = createRoute({
  method: "get",
  path: "/v1/sync/runs/{id}",
  tags: ["Sync"],
  summary: "One run with live progress (part jobs and failures for conversation runs)",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { params: RunIdParam },
  responses: { 200: json(RunProgress, "The run"), ...adminProblems, ...problems(404) },
});

export const syncRunsGet = routeApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const run = await runWithProgress(c.var.services.db(), id, c.var.services.clock.now());
  if (!run) throw new AppError("not_found", `no sync run ${id}`);
  return c.json(runProgressView(run), 200);
});
