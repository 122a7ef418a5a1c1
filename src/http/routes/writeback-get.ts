import { createRoute } from "@hono/zod-openapi";
import { AppError } from "../../shared/errors.ts";
import { writebackProgress } from "../../writeback/read.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { WritebackRun, WritebackRunIdParam } from "../schemas/writeback.ts";
import { routeApp } from "../support/route-app.ts";
import { writebackRunView } from "../views/writeback.ts";

const route = createRoute({
  method: "get",
  path: "/v1/writeback/{run_id}",
  tags: ["Write-back"],
  summary: "One write-back run: counts, failures, progress, a dry run's sample",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { params: WritebackRunIdParam },
  responses: { 200: json(WritebackRun, "The run"), ...adminProblems, ...problems(404) },
});

export const writebackGet = routeApp().openapi(route, async (c) => {
  const { run_id } = c.req.valid("param");
  const progress = await writebackProgress(c.var.services.db(), run_id);
  if (!progress) throw new AppError("not_found", `no write-back run ${run_id}`);
  return c.json(writebackRunView(progress), 200);
});
