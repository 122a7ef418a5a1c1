import { createRoute, z } from "@hono/zod-openapi";
import { listAlerts } from "../../customers/read.ts";
import { requireAdmin } from "../admin-auth.ts";
import { CURSOR_KEYS, decodeCursor, pageFrom } from "../cursor.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { Alert } from "../schemas/customers.ts";
import { pageOf, pageQuery } from "../schemas/page.ts";
import { alertView } from "../views/alerts.ts";

const route = createRoute({
  method: "get",
  path: "/v1/alerts",
  tags: ["Customers"],
  summary: "Alerts raised on customers, newest first",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { query: z.object(pageQuery({ max: 500, default: 50 })) },
  responses: { 200: json(pageOf(Alert).openapi("AlertPage"), "A page"), ...adminProblems },
});

export const alertsList = routeApp().openapi(route, async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const { db, config } = c.var.services;
  const rows = await listAlerts(db(), config.INTERCOM_WORKSPACE_ID, limit + 1, {
    after: decodeCursor(cursor, CURSOR_KEYS.byTimeAndText),
  });
  return c.json(
    pageFrom(rows, limit, (a) => [a.at, a.id], alertView),
    200,
  );
});
