import { createRoute, z } from "@hono/zod-openapi";
import { listWritebackRuns } from "../../writeback/read.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { pageOf, pageQuery } from "../schemas/page.ts";
import { WritebackRun } from "../schemas/writeback.ts";
import { CURSOR_KEYS, decodeCursor, pageFrom } from "../support/cursor.ts";
import { routeApp } from "../support/route-app.ts";
import { writebackRunView } from "../views/writeback.ts";

const route = createRoute({
  method: "get",
  path: "/v1/writeback",
  tags: ["Write-back"],
  summary: "Write-back runs, newest first",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  // Each run's progress is read from its writes: a page stays small.
  request: { query: z.object(pageQuery({ max: 50, default: 10 })) },
  responses: {
    200: json(pageOf(WritebackRun).openapi("WritebackRunPage"), "A page"),
    ...adminProblems,
  },
});

export const writebackList = routeApp().openapi(route, async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const { db, config } = c.var.services;
  const after = decodeCursor(cursor, CURSOR_KEYS.byTimeAndUuid);
  const runs = await listWritebackRuns(db(), config.INTERCOM_WORKSPACE_ID, limit + 1, after);
  return c.json(
    pageFrom(
      runs,
      limit,
      (r) => [r.at, r.run.id],
      (r) => writebackRunView(r),
    ),
    200,
  );
});
