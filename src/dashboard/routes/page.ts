import type { Hono } from "hono";
import type { DashboardEnv } from "../env.ts";
import { dashboardPage } from "../views/page.tsx";
import { loadDashboard } from "./load.ts";

/** `GET /dashboard`: the whole page, every section loaded once. */
export function registerPage(dash: Hono<DashboardEnv>) {
  dash.get("/", async (c) => {
    const data = await loadDashboard(c.var.services, c.var.operator);
    return c.html(dashboardPage(data));
  });
}
