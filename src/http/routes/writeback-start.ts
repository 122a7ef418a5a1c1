import { createRoute } from "@hono/zod-openapi";
import { operatorWritebackStart } from "../../deps.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { WritebackStartBody, WritebackStarted } from "../schemas/writeback.ts";
import { requestAuditor } from "../support/audit.ts";
import { routeApp } from "../support/route-app.ts";

const route = createRoute({
  method: "post",
  path: "/v1/writeback",
  tags: ["Write-back"],
  summary: "Start a write-back run: our figures onto Intercom's contacts and companies",
  description:
    "202 with the run; follow it at `GET /v1/writeback/{run_id}`. 409 while another run is planning. A dry run (`dry_run: true`) plans and reports, writing nothing to Intercom.",
  middleware: [requireAdmin, jsonBody(1024)] as const,
  security: ADMIN_SECURITY,
  request: {
    body: { required: true, content: { "application/json": { schema: WritebackStartBody } } },
  },
  responses: { 202: json(WritebackStarted, "Started"), ...adminProblems, ...problems(409, 413) },
});

export const writebackStart = routeApp().openapi(route, async (c) => {
  const { dry_run } = c.req.valid("json");
  const run = await operatorWritebackStart(c.var.services, await requestAuditor(c), dry_run);
  return c.json(
    {
      run_id: run.id,
      status: run.status,
      dry_run: run.dryRun,
      created_at: run.createdAt.toISOString(),
    },
    202,
  );
});
