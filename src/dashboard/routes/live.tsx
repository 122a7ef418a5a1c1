import type { Hono } from "hono";
import { z } from "zod";
import { validate } from "../../http/support/validate.ts";
import type { DashboardEnv } from "../env.ts";
import { AuditSection } from "../views/audit.tsx";
import { HealthSection } from "../views/health.tsx";
import { DeliveriesSection, OutboxSection } from "../views/queues.tsx";
import { RunsTable } from "../views/runs.tsx";
import { WritebackTable } from "../views/writeback.tsx";
import {
  loadAudit,
  loadDeliveries,
  loadHealth,
  loadOutbox,
  loadRuns,
  loadWriteback,
} from "./load.ts";

const liveParams = z.object({
  section: z.enum(["health", "runs", "writeback", "deliveries", "outbox", "audit"]),
});

/** `GET /dashboard/live/{section}`: the section fragments the script polls. */
export function registerLive(dash: Hono<DashboardEnv>) {
  dash.get("/live/:section", async (c) => {
    const { section } = validate(liveParams, c.req.param(), "path");
    const services = c.var.services;
    switch (section) {
      case "health":
        return c.html(<HealthSection {...(await loadHealth(services))} />);
      case "runs":
        return c.html(<RunsTable runs={await loadRuns(services)} />);
      case "writeback":
        return c.html(<WritebackTable runs={await loadWriteback(services)} />);
      case "deliveries":
        return c.html(<DeliveriesSection summary={await loadDeliveries(services)} />);
      case "outbox":
        return c.html(<OutboxSection summary={await loadOutbox(services)} />);
      case "audit":
        return c.html(<AuditSection entries={await loadAudit(services)} />);
    }
  });
}
