import type { Hono } from "hono";
import { z } from "zod";
import { validate } from "../../http/validate.ts";
import { AppError } from "../../shared/errors.ts";
import { customerWithConversations } from "../data/customers.ts";
import type { DashboardEnv } from "../env.ts";
import { customerPage } from "../views/customer-page.tsx";

/** A customer's page is addressed by the record's id, never its email (see customer-search.ts). */
const customerParams = z.object({ id: z.uuid() });

/** `GET /dashboard/customers/{id}`: one customer and their conversations. */
export function registerCustomerPage(dash: Hono<DashboardEnv>) {
  dash.get("/customers/:id", async (c) => {
    const { id } = validate(customerParams, c.req.param(), "path");
    const { db, config, clock } = c.var.services;
    const detail = await customerWithConversations(db(), config.INTERCOM_WORKSPACE_ID, id);
    if (!detail) throw new AppError("not_found", "no such customer");
    return c.html(customerPage({ detail, operator: c.var.operator, now: clock.now() }));
  });
}
