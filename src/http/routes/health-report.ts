import { createRoute } from "@hono/zod-openapi";
import { checkHealth } from "../../health/check.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { ADMIN_SECURITY, json, problems } from "../schemas/common.ts";
import { HealthReport } from "../schemas/health.ts";
import { routeApp } from "../support/route-app.ts";

const route = createRoute({
  method: "get",
  path: "/v1/health",
  tags: ["Health"],
  summary: "The operator's health: backlogs, latest runs, the database's error cause",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  responses: {
    200: json(HealthReport, "Up or degraded"),
    503: json(HealthReport, "Postgres is down"),
    ...problems(400, 401, 429, 500),
  },
});

export const healthReport = routeApp().openapi(route, async (c) => {
  const report = await checkHealth(c.var.services);
  return report.status === "down" ? c.json(report, 503) : c.json(report, 200);
});
