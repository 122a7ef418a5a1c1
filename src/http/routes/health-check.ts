import { createRoute } from "@hono/zod-openapi";
import { publicHealth } from "../../health/probe.ts";
import { json, problems } from "../schemas/common.ts";
import { PublicHealth } from "../schemas/health.ts";
import { routeApp } from "../support/route-app.ts";

const route = createRoute({
  method: "get",
  path: "/health",
  tags: ["Health"],
  summary: "Public and cheap: states only, from one cached `select 1`",
  responses: {
    200: json(
      PublicHealth,
      "Up (`degraded` when Intercom credentials are missing or Postgres is slow)",
    ),
    503: json(PublicHealth, "Postgres is unreachable"),
    ...problems(400, 500),
  },
});

/**
 * Public and cheap: states only, from one cached `select 1`. 503 when Postgres is unreachable,
 * `degraded` (200) when Intercom credentials are missing or the database is slow. The detail
 * (backlogs, runs, causes) is `GET /v1/health`, behind the admin key.
 */
export const healthCheck = routeApp().openapi(route, async (c) => {
  const report = await publicHealth(c.var.services);
  c.header("cache-control", "no-store");
  return report.status === "down" ? c.json(report, 503) : c.json(report, 200);
});
