import { createRoute, z } from "@hono/zod-openapi";
import { listSuppressions } from "../../erasure/lift.ts";
import { requireAdmin } from "../admin-auth.ts";
import { CURSOR_KEYS, decodeCursor, pageFrom } from "../cursor.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { pageOf, pageQuery } from "../schemas/page.ts";
import { Suppression, SuppressionQuery } from "../schemas/suppressions.ts";
import { suppressionView } from "../views/suppressions.ts";

const query = z.object({ ...SuppressionQuery, ...pageQuery({ max: 200, default: 50 }) });

const route = createRoute({
  method: "get",
  path: "/v1/suppressions",
  tags: ["Operator"],
  summary: "Erased people whose writes are refused, newest first (ids and counts only)",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { query },
  responses: {
    200: json(pageOf(Suppression).openapi("SuppressionPage"), "A page"),
    ...adminProblems,
  },
});

export const suppressionsList = routeApp().openapi(route, async (c) => {
  const filter = c.req.valid("query");
  const rows = await listSuppressions(c.var.services.db(), {
    status: filter.status,
    erasureId: filter.erasure_id,
    limit: filter.limit + 1,
    after: decodeCursor(filter.cursor, CURSOR_KEYS.byTimeAndUuid),
  });
  return c.json(
    pageFrom(rows, filter.limit, (row) => [row.at, row.id], suppressionView),
    200,
  );
});
