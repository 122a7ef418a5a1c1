import type { Hono } from "hono";
import { z } from "zod";
import { readConversation } from "../../conversations/read.ts";
import { CURSOR_KEYS, decodeCursor, pageFrom } from "../../http/cursor.ts";
import { validate } from "../../http/validate.ts";
import { CONVERSATION_ID } from "../../intercom/schemas/common.ts";
import { AppError } from "../../shared/errors.ts";
import { customerWithConversations } from "../data/customers.ts";
import type { DashboardEnv } from "../env.ts";
import { AuditSection } from "../views/audit.tsx";
import { conversationPage } from "../views/conversation-page.tsx";
import { customerPage } from "../views/customer-page.tsx";
import { HealthSection } from "../views/health.tsx";
import { dashboardPage } from "../views/page.tsx";
import { DeliveriesSection, OutboxSection } from "../views/queues.tsx";
import { RunsTable } from "../views/runs.tsx";
import {
  loadAudit,
  loadDashboard,
  loadDeliveries,
  loadHealth,
  loadOutbox,
  loadRuns,
} from "./load.ts";

/** A customer's page is addressed by the record's id, never its email (see search.ts). */
const customerParams = z.object({ id: z.uuid() });
const conversationParams = z.object({
  id: z.string().regex(CONVERSATION_ID, "is not a conversation id"),
});
const partsQuery = z.object({ cursor: z.string().min(1).max(1000).optional() });
/** Parts per page: a long conversation stays a small page. */
const PARTS_PER_PAGE = 50;
const liveParams = z.object({
  section: z.enum(["health", "runs", "deliveries", "outbox", "audit"]),
});

/** The page, the customer page, and the section fragments the script polls. */
export function registerPages(dash: Hono<DashboardEnv>) {
  dash.get("/", async (c) => {
    const data = await loadDashboard(c.var.services, c.var.operator);
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
      case "audit":
        return c.html(<AuditSection entries={await loadAudit(services)} />);
    }
  });
  dash.get("/customers/:id", async (c) => {
    const { id } = validate(customerParams, c.req.param(), "path");
    const { db, config, clock } = c.var.services;
    const detail = await customerWithConversations(db(), config.INTERCOM_WORKSPACE_ID, id);
    if (!detail) throw new AppError("not_found", "no such customer");
    return c.html(customerPage({ detail, operator: c.var.operator, now: clock.now() }));
  });
  dash.get("/conversations/:id", async (c) => {
    const { id } = validate(conversationParams, c.req.param(), "path");
    const { cursor } = validate(partsQuery, c.req.query(), "query");
    const { db, config } = c.var.services;
    const read = await readConversation(db(), config.INTERCOM_WORKSPACE_ID, id, {
      after: decodeCursor(cursor, CURSOR_KEYS.byTimeAndText),
      limit: PARTS_PER_PAGE + 1,
    });
    if (!read) throw new AppError("not_found", "no such conversation");
    const parts = pageFrom(
      read.parts,
      PARTS_PER_PAGE,
      (part) => part.key,
      (part) => part,
      { loaded: (part) => part.fits },
    );
    const later = cursor !== undefined;
    return c.html(conversationPage({ read, parts, later, operator: c.var.operator }));
  });
}
