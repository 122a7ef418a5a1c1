import type { Hono } from "hono";
import { publicHealth } from "../../health/probe.ts";
import type { AppEnv } from "../app-env.ts";

/**
 * Public and cheap: states only, from one cached `select 1`. 503 when Postgres is unreachable,
 * `degraded` (200) when Intercom credentials are missing or the database is slow. The detail
 * (backlogs, runs, causes) is `GET /v1/health`, behind the admin key.
 */
export function registerHealth(app: Hono<AppEnv>) {
  app.get("/health", async (c) => {
    const report = await publicHealth(c.var.services);
    c.header("cache-control", "no-store");
    return c.json(report, report.status === "down" ? 503 : 200);
  });
}
