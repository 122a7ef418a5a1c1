import { createRoute, z } from "@hono/zod-openapi";
import { listRuns, runTotals } from "../../sync/runs.ts";
import { requireAdmin } from "../admin-auth.ts";
import { CURSOR_KEYS, decodeCursor, pageFrom } from "../cursor.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { pageOf, pageQuery } from "../schemas/page.ts";
import { Run } from "../schemas/sync.ts";
import { runListItemView } from "../views/runs.ts";

const route = createRoute({
  method: "get",
  path: "/v1/sync/runs",
  tags: ["Sync"],
  summary: "Sync runs of both kinds, newest first",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { query: z.object(pageQuery({ max: 200, default: 20 })) },
  responses: { 200: json(pageOf(Run).openapi("RunPage"), "A page"), ...adminProblems },
});

export const syncRunsList = routeApp().openapi(route, async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const { db, config } = c.var.services;
  const after = decodeCursor(cursor, CURSOR_KEYS.byTimeAndUuid);
  const runs = await listRuns(db(), config.INTERCOM_WORKSPACE_ID, limit + 1, after);
  return c.json(
    pageFrom(
      runs,
      limit,
      (r) => [r.at, r.id],
      (r) => runListItemView(runTotals(r)),
    ),
    200,
  );
});
