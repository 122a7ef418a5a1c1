import type { Hono } from "hono";
import { checkHealth } from "../../health/check.ts";
import type { AppEnv } from "../app-env.ts";

/** 503 when Postgres is unreachable; `degraded` (200) when Intercom credentials are missing. */
export function registerHealth(app: Hono<AppEnv>) {
  app.get("/health", async (c) => {
    const report = await checkHealth(c.var.services);
    return c.json(report, report.status === "down" ? 503 : 200);
  });
}
