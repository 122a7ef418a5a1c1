import type { Hono } from "hono";
import { z } from "zod";
import { customerWithConversations } from "../../dashboard/data/customers.ts";
import { AppError } from "../../shared/errors.ts";
import { validate } from "../validate.ts";
import type { DashboardEnv } from "./env.ts";
import { loadDashboard, loadDeliveries, loadHealth, loadOutbox, loadRuns } from "./load.ts";
import { customerPage } from "./views/customer-page.tsx";
import { HealthSection } from "./views/health.tsx";
import { dashboardPage } from "./views/page.tsx";
import { DeliveriesSection, OutboxSection } from "./views/queues.tsx";
import { RunsTable } from "./views/runs.tsx";

const pageQuery = z.object({ q: z.string().trim().max(255).optional() });
const liveParams = z.object({ section: z.enum(["health", "runs", "deliveries", "outbox"]) });

/** The page, the customer page, and the section fragments the script polls. */
export function registerPages(dash: Hono<DashboardEnv>) {
  dash.get("/", async (c) => {
    const { q } = validate(pageQuery, c.req.query(), "query");
    const data = await loadDashboard(c.var.services, c.var.operator, q || undefined);
    return c.html(dashboardPage(data));
  });
  dash.get("/live/:section", async (c) => {
    const { section } = validate(liveParams, c.req.param(), "path");
    const services = c.var.services;
    switch (section) {
      case "health":
        return c.html(<HealthSection {...(await loadHealth(services))} />);
      case "runs":
        return c.html(<RunsTable runs={await loadRuns(services)} />);
      case "deliveries":
        return c.html(<DeliveriesSection summary={await loadDeliveries(services)} />);
      case "outbox":
        return c.html(<OutboxSection summary={await loadOutbox(services)} />);
    }
  });
  dash.get("/customers/:email", async (c) => {
    // Hono has decoded the path once; decoding again would misread an email holding "%".
    const email = c.req.param("email");
    const { db, config, clock } = c.var.services;
    const detail = await customerWithConversations(db(), config.INTERCOM_WORKSPACE_ID, email);
    if (!detail) throw new AppError("not_found", "no such customer");
    return c.html(customerPage({ detail, operator: c.var.operator, now: clock.now() }));
  });
}
