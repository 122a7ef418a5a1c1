import type { Hono } from "hono";
import { checkHealth } from "../../health/check.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";

/** The operator's health: backlogs, latest runs, the database's error cause, Intercom's base. */
export function registerHealthAdmin(app: Hono<AppEnv>) {
  app.get("/v1/health", requireAdmin, async (c) => {
    const report = await checkHealth(c.var.services);
    return c.json(report, report.status === "down" ? 503 : 200);
  });
}
