import { createRoute } from "@hono/zod-openapi";
import { latestWritebackRuns } from "../../writeback/read.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { WritebackListQuery, WritebackRunList } from "../schemas/writeback.ts";
import { routeApp } from "../support/route-app.ts";
import { writebackRunView } from "../views/writeback.ts";

const route = createRoute({
  method: "get",
  path: "/v1/writeback",
  tags: ["Write-back"],
  summary: "The latest write-back runs, newest first",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { query: WritebackListQuery },
  responses: { 200: json(WritebackRunList, "The runs"), ...adminProblems },
});

export const writebackList = routeApp().openapi(route, async (c) => {
  const { limit } = c.req.valid("query");
  const { services } = c.var;
  const runs = await latestWritebackRuns(
    services.db(),
    services.config.INTERCOM_WORKSPACE_ID,
    limit,
  );
  return c.json({ runs: runs.map(writebackRunView) }, 200);
});
